"""talentkit plugin for Xinzhou (忻州市): innovation-ecosystem measures (draft)."""
