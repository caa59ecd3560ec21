"""The ids of kumo's security and reliability rules (SECURITY-RULES.md, section 6).

Pure data, imported by the spec to validate waivers; the rules themselves live beside this module.
"""

RULE_IDS: tuple[str, ...] = (
    "NET-01", "NET-02", "NET-03", "NET-04", "NET-05", "NET-06", "NET-07", "NET-08",
    "ENC-01", "ENC-02", "ENC-03", "ENC-04", "ENC-05", "ENC-06",
    "IAM-01", "IAM-02", "IAM-03", "IAM-04", "IAM-05",
    "LOG-01", "LOG-02",
    "NODE-01", "NODE-02", "NODE-03", "NODE-04", "NODE-05", "NODE-06",
    "REL-01", "REL-02", "REL-03", "REL-04",
    "DATA-01", "DATA-02", "DATA-03", "DATA-04", "DATA-05",
    "GOV-01", "GOV-02", "GOV-03",
)
