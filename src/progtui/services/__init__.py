"""One keyword-only function per change a user can make, by area; the command line and the app
both call these, and neither runs SQL of its own.

Each change takes an open write session (one transaction: all or nothing), checks its rules,
raises Refused with one readable line when a rule is broken, and writes its audit rows in the
same transaction. The reads the screens and commands start from are here too.
"""

from progtui.services.audit import (
    ACTION,
    BATCH,
    REVERTS,
    ChangeRecord,
    audit,
    changes,
    check_fresh,
    show_value,
)
from progtui.services.baselines import baseline_data, drop_baseline, take_baseline
from progtui.services.benefits import latest_measure, record_benefit, set_measure
from progtui.services.decisions import decide
from progtui.services.meetings import (
    Meeting,
    last_change_id,
    minutes_of,
    save_minutes,
    triage_agenda,
)
from progtui.services.people import Allocated, Reallocated, allocate, reallocate
from progtui.services.plan import (
    NEXT_STATUS,
    Linked,
    Moved,
    StatusChanged,
    allowed_statuses,
    link,
    move,
    set_actual_cost,
    set_percent,
    set_status,
    shift_rank,
    unlink,
)
from progtui.services.programs import (
    ImportResult,
    Reuse,
    check_program,
    export_program,
    impact_across,
    import_program,
    import_programs,
    list_programs,
    load_program,
    move_program,
    organisation,
    portfolio,
    portfolio_and_organisation,
)
from progtui.services.risks import update_risk
from progtui.services.steering import (
    PortfolioReportData,
    Previous,
    SteeringData,
    kpi_values,
    portfolio_report,
    report_history,
    steering_report,
)
from progtui.services.sync import FieldChange, SyncChanges, plan_changes, sync_project

__all__ = [
    "ACTION",
    "BATCH",
    "NEXT_STATUS",
    "REVERTS",
    "Allocated",
    "ChangeRecord",
    "FieldChange",
    "ImportResult",
    "Linked",
    "Meeting",
    "Moved",
    "PortfolioReportData",
    "Previous",
    "Reallocated",
    "Reuse",
    "StatusChanged",
    "SteeringData",
    "SyncChanges",
    "allocate",
    "allowed_statuses",
    "audit",
    "baseline_data",
    "changes",
    "check_fresh",
    "check_program",
    "decide",
    "drop_baseline",
    "export_program",
    "impact_across",
    "import_program",
    "import_programs",
    "kpi_values",
    "last_change_id",
    "latest_measure",
    "link",
    "list_programs",
    "load_program",
    "minutes_of",
    "move",
    "move_program",
    "organisation",
    "plan_changes",
    "portfolio",
    "portfolio_and_organisation",
    "portfolio_report",
    "reallocate",
    "record_benefit",
    "report_history",
    "save_minutes",
    "set_actual_cost",
    "set_measure",
    "set_percent",
    "set_status",
    "shift_rank",
    "show_value",
    "steering_report",
    "sync_project",
    "take_baseline",
    "triage_agenda",
    "unlink",
    "update_risk",
]
