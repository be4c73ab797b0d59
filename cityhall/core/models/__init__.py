from cityhall.core.models.accounts import ResidentProfile, User
from cityhall.core.models.api_access import ApiToken, IdempotencyRecord
from cityhall.core.models.audit import AuditChainHead, AuditRecord
from cityhall.core.models.municipality import Department, District, Municipality
from cityhall.core.models.roles import Role, RoleAssignment
from cityhall.core.models.worker import WorkerHeartbeat

__all__ = [
    "ApiToken",
    "AuditChainHead",
    "AuditRecord",
    "Department",
    "District",
    "IdempotencyRecord",
    "Municipality",
    "ResidentProfile",
    "Role",
    "RoleAssignment",
    "User",
    "WorkerHeartbeat",
]
