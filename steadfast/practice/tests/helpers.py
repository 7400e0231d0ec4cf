"""Test helpers for the practice app: codes computed as an authenticator app would."""

import base64
import re

from django_otp.oath import totp

BACKUP_CODE = re.compile(r"<code>([a-z2-7]{4}(?:-[a-z2-7]{4}){3})</code>")


def secret_on(response):
    """The base32 key the set-up page shows for typing into an app."""
    return re.search(r'id="totp-secret">([A-Z2-7]+)<', response.content.decode()).group(1)


def code_for(secret, steps_ahead=0):
    """The 6-digit code for `secret` now (or `steps_ahead` 30-second steps later)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, drift=steps_ahead):06d}"


def device_code(device, steps_ahead=0):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, steps_ahead):06d}"


def backup_codes_on(response):
    return BACKUP_CODE.findall(response.content.decode())
