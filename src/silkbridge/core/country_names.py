"""Country names that django-countries does not translate into Kazakh or Urdu.

Marking them here puts them into the project's catalogues, which Django consults first, so the
names of the working group's countries appear in every interface language.
"""

from django.utils.translation import gettext_noop

COUNTRY_NAMES = (gettext_noop("Kazakhstan"), gettext_noop("Pakistan"))
