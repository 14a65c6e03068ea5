"""R-ID-3: personal and free-mail domains, accepted for a main account only with the risk acknowledged."""
from __future__ import annotations

from services.identity.domain.errors import FreeMailNotAcknowledged

FREE_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
    "yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
    "protonmail.com", "gmx.com", "mail.com", "yandex.com", "zoho.com",
    "qq.com", "vip.qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "vip.163.com",
    "sina.com", "sina.cn", "sohu.com", "aliyun.com", "139.com", "189.cn", "21cn.com", "tom.com",
})


def is_free_mail(email: str) -> bool:
    return email.rpartition("@")[2].lower() in FREE_MAIL_DOMAINS


def ensure_acknowledged(email: str, acknowledged: bool) -> None:
    if is_free_mail(email) and not acknowledged:
        raise FreeMailNotAcknowledged()
