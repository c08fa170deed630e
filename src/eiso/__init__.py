"""eiso — Hệ thống ISO điện tử."""

from zope.i18nmessageid import MessageFactory

import logging


PACKAGE_NAME = "eiso"

_ = MessageFactory(PACKAGE_NAME)

logger = logging.getLogger(PACKAGE_NAME)
