"""A plugin module reading a misspelled fact path (``talentkit lint`` names it)."""

from talentkit_lint_demo.plugins import MisspelledPath

_PLUGIN = MisspelledPath()
talentkit_add_documents = _PLUGIN.talentkit_add_documents
talentkit_add_parameters = _PLUGIN.talentkit_add_parameters
talentkit_add_facts = _PLUGIN.talentkit_add_facts
talentkit_add_programmes = _PLUGIN.talentkit_add_programmes
