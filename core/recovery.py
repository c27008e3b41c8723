"""Former home of ``claimdesk doctor``, kept while callers move to :mod:`core.desk.recovery`."""

from core.desk.recovery import RecoveryReport, recover, salvage_tables

__all__ = ["RecoveryReport", "recover", "salvage_tables"]
