"""Every notification sent, by UTC day (for the adoption numbers). Ids only, no content."""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute

from chalicelib.config import table_name
from chalicelib.models._base import BaseModel


class NotificationLog(BaseModel):
    class Meta(BaseModel.Meta):
        table_name = table_name("notifications")

    day = UnicodeAttribute(hash_key=True)  # YYYY-MM-DD (UTC)
    sent_key = UnicodeAttribute(range_key=True)  # "<iso time>#<uuid>"
    template = UnicodeAttribute()
    channel = UnicodeAttribute()  # email | sms
    status = UnicodeAttribute()  # sent | failed | skipped
    patient_id = UnicodeAttribute(null=True)
    user_id = UnicodeAttribute(null=True)
    provider_message_id = UnicodeAttribute(null=True)
