"""Models of electronic applications (電子申請): forms and their versions,
residents' drafts, submissions and their status history."""

from cityhall.eforms.models.drafts import Draft
from cityhall.eforms.models.forms import Form, FormVersion
from cityhall.eforms.models.submissions import Submission, SubmissionEvent

__all__ = ["Draft", "Form", "FormVersion", "Submission", "SubmissionEvent"]
