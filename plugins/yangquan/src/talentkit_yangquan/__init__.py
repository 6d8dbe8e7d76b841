"""talentkit plugin: the Yangquan (阳泉市) innovation-team, S&T commissioner and technology
innovation centre measures as cited rules."""
