"""CronJob schedules: ``cron.ParseStandard`` of robfig/cron v3.0.1 as the API server runs it.

Every expected error string below is what the Go library returns for the expression (checked
against robfig/cron v3.0.1 built with Go); None: the schedule is accepted.
"""

from __future__ import annotations

import pytest

from podlint.checks.api.schedule import (
    CronPanic,
    go_atoi,
    go_parse_duration,
    parse_standard,
    schedule_errors,
    time_zone_errors,
)
from podlint.config import Config
from podlint.engine import Linter

PARSE_STANDARD = [
    ("* * * * *", None),
    ("*/5 * * * *", None),
    ("0 0 1 1 *", None),
    ("0 3 * * 1-5", None),
    ("0 0 * * MON-FRI", None),
    ("0 0 * * mon,wed,Fri", None),
    ("0 0 1 JAN,jul *", None),
    ("0 0 1 jan-DEC/3 *", None),
    ("15 2 ? * SUN", None),
    ("? ? ? ? ?", None),
    ("0 0 L * *", 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'),
    ("0 0 1W * *", 'failed to parse int from 1W: strconv.Atoi: parsing "1W": invalid syntax'),
    ("0 0 * * 1#2", 'failed to parse int from 1#2: strconv.Atoi: parsing "1#2": invalid syntax'),
    ("H * * * *", 'failed to parse int from H: strconv.Atoi: parsing "H": invalid syntax'),
    ("0-59 0-23 1-31 1-12 0-6", None),
    ("0-60 * * * *", "end of range (60) above maximum (59): 0-60"),
    ("* 24 * * *", "end of range (24) above maximum (23): 24"),
    ("* * 0 * *", "beginning of range (0) below minimum (1): 0"),
    ("* * 32 * *", "end of range (32) above maximum (31): 32"),
    ("* * * 0 *", "beginning of range (0) below minimum (1): 0"),
    ("* * * 13 *", "end of range (13) above maximum (12): 13"),
    ("* * * * 7", "end of range (7) above maximum (6): 7"),
    ("* * * * sun-sat", None),
    ("* * * * 0-7", "end of range (7) above maximum (6): 0-7"),
    ("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"),
    ("*/0 * * * *", "step of range should be a positive number: */0"),
    ("5/0 * * * *", "step of range should be a positive number: 5/0"),
    ("*/-5 * * * *", "negative number (-5) not allowed: -5"),
    ("-5 * * * *", 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'),
    ("5- * * * *", 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'),
    ("1-2-3 * * * *", "too many hyphens: 1-2-3"),
    ("*-5 * * * *", None),
    ("1/2/3 * * * *", "too many slashes: 1/2/3"),
    ("10/15 * * * *", None),
    ("70/15 * * * *", "beginning of range (70) beyond end of range (59): 70/15"),
    ("0 0 , * *", None),
    ("1,,2 * * * *", None),
    ("a * * * *", 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax'),
    ("1.5 * * * *", 'failed to parse int from 1.5: strconv.Atoi: parsing "1.5": invalid syntax'),
    ("+5 * * * *", None),
    (
        "99999999999999999999 * * * *",
        'failed to parse int from 99999999999999999999: strconv.Atoi: parsing "99999999999999999999": value out of range',
    ),
    ("* * * * foo", 'failed to parse int from foo: strconv.Atoi: parsing "foo": invalid syntax'),
    ("* * * *", "expected exactly 5 fields, found 4: [* * * *]"),
    ("* * * * * *", "expected exactly 5 fields, found 6: [* * * * * *]"),
    ("0 0 * * * 2024", "expected exactly 5 fields, found 6: [0 0 * * * 2024]"),
    ("", "empty spec string"),
    ("   ", "expected exactly 5 fields, found 0: []"),
    ("@yearly", None),
    ("@annually", None),
    ("@monthly", None),
    ("@weekly", None),
    ("@daily", None),
    ("@midnight", None),
    ("@hourly", None),
    ("@Daily", "unrecognized descriptor: @Daily"),
    ("@reboot", "unrecognized descriptor: @reboot"),
    ("@daily ", "unrecognized descriptor: @daily "),
    ("@every 1h30m", None),
    ("@every 90s", None),
    ("@every 500ms", None),
    ("@every -5m", None),
    ("@every 0", None),
    ("@every 1d", 'failed to parse duration @every 1d: time: unknown unit "d" in duration "1d"'),
    ("@every 1", 'failed to parse duration @every 1: time: missing unit in duration "1"'),
    ("@every", "unrecognized descriptor: @every"),
    ("@every  5m", 'failed to parse duration @every  5m: time: invalid duration " 5m"'),
    ("@every 5 m", 'failed to parse duration @every 5 m: time: unknown unit " m" in duration "5 m"'),
    ("TZ=UTC 0 0 * * *", None),
    ("CRON_TZ=Europe/Berlin 0 0 * * *", None),
    ("TZ=Mars/Olympus 0 0 * * *", "provided bad location Mars/Olympus: unknown time zone Mars/Olympus"),
    ("0 0 * * *\n", None),
    ("0\t0 * *  *", None),
    ("0 0 * * FRİ", None),
    ("0 0 * * fri-mon", "beginning of range (5) beyond end of range (1): fri-mon"),
    ("* * * jan-mar,jul-sep *", None),
    ("0,15,30,45 * * * *", None),
    ("0 */2 * * *", None),
    ("0 9-17/2 * * 1-5", None),
    ("0 0 1/5 * *", None),
    ("0 0 0/5 * *", "beginning of range (0) below minimum (1): 0/5"),
    ("30 7 * * 1,3,5", None),
    ("00 07 * * *", None),
    ("007 * * * *", None),
    ("9223372036854775807 * * * *", "end of range (9223372036854775807) above maximum (59): 9223372036854775807"),
    ("1_0 * * * *", 'failed to parse int from 1_0: strconv.Atoi: parsing "1_0": invalid syntax'),
    ("0x10 * * * *", 'failed to parse int from 0x10: strconv.Atoi: parsing "0x10": invalid syntax'),
    ("١ * * * *", 'failed to parse int from ١: strconv.Atoi: parsing "١": invalid syntax'),
    ("*/ * * * *", 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'),
    ("/5 * * * *", 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'),
    ("*/5/5 * * * *", "too many slashes: */5/5"),
    ("1-/5 * * * *", 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'),
    ("*/5,3-/2 * * * *", 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'),
    ("* * * * MON#1", 'failed to parse int from MON#1: strconv.Atoi: parsing "MON#1": invalid syntax'),
    ("0 0 * * 7-1", "beginning of range (7) beyond end of range (1): 7-1"),
    ("0 0 31 2 *", None),
    ("59 23 31 12 6", None),
    ("\xa00 0 * * *", None),
    ("0 0 * * *\x1c", 'failed to parse int from *\x1c: strconv.Atoi: parsing "*\\x1c": invalid syntax'),
    ("0 0 * * *\u200b", 'failed to parse int from *\u200b: strconv.Atoi: parsing "*\\u200b": invalid syntax'),
    ("@every 1.5h", None),
    ("@every .5s", None),
    ("@every 5.s", None),
    ("@every 1h-5m", 'failed to parse duration @every 1h-5m: time: unknown unit "h-" in duration "1h-5m"'),
    ("@every 3µs", None),
    ("@every 1é", 'failed to parse duration @every 1é: time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'),
    ("@every 2562048h", 'failed to parse duration @every 2562048h: time: invalid duration "2562048h"'),
    ("@every 5m\n", 'failed to parse duration @every 5m\n: time: unknown unit "m\\x0a" in duration "5m\\x0a"'),
    ("@weekly\n", "unrecognized descriptor: @weekly\n"),
    ("@EVERY 5m", "unrecognized descriptor: @EVERY 5m"),
    ("TZ= * * * * *", None),
    ("TZ=../etc 0 0 * * *", "provided bad location ../etc: time: invalid location name"),
    ("TZ=UTC 0 0 * *", "expected exactly 5 fields, found 4: [0 0 * *]"),
    ("tz=UTC 0 0 * * *", "expected exactly 5 fields, found 6: [tz=UTC 0 0 * * *]"),
    ("TZ=UTC @daily", None),
    ("CRON_TZ=Asia/Tokyo @every 1h", None),
]


@pytest.mark.parametrize("spec, error", PARSE_STANDARD, ids=[repr(spec) for spec, _ in PARSE_STANDARD])
def test_parse_standard(spec, error):
    assert parse_standard(spec) == error


@pytest.mark.parametrize("spec", ["TZ=UTC", "CRON_TZ=UTC", "TZ=UTC\t0\t0\t*\t*\t*"])
def test_a_time_zone_prefix_without_a_space_panics_as_in_go(spec):
    with pytest.raises(CronPanic):
        parse_standard(spec)


DURATIONS = [
    ("0", 0),
    ("-0", 0),
    ("1h30m", 5_400_000_000_000),
    ("1.5h", 5_400_000_000_000),
    (".5s", 500_000_000),
    ("-5m", -300_000_000_000),
    ("3\u00b5s", 3_000),
    ("3\u03bcs", 3_000),
    ("2562047h", 2562047 * 3_600_000_000_000),
    ("9223372036854775807ns", 2**63 - 1),
    ("", 'time: invalid duration ""'),
    ("1", 'time: missing unit in duration "1"'),
    ("1d", 'time: unknown unit "d" in duration "1d"'),
    (".s", 'time: invalid duration ".s"'),
    ("9223372036854775808ns", 'time: invalid duration "9223372036854775808ns"'),
    ("1\u00e9", 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'),
]


@pytest.mark.parametrize("text, expected", DURATIONS)
def test_go_parse_duration(text, expected):
    if isinstance(expected, int):
        assert go_parse_duration(text) == expected
    else:
        with pytest.raises(ValueError) as error:
            go_parse_duration(text)
        assert str(error.value) == expected


ATOI = [
    ("7", 7),
    ("+7", 7),
    ("-7", -7),
    ("007", 7),
    ("9223372036854775807", 2**63 - 1),
    ("-9223372036854775808", -(2**63)),
    ("", 'strconv.Atoi: parsing "": invalid syntax'),
    ("-", 'strconv.Atoi: parsing "-": invalid syntax'),
    ("1_0", 'strconv.Atoi: parsing "1_0": invalid syntax'),
    ("9223372036854775808", 'strconv.Atoi: parsing "9223372036854775808": value out of range'),
    ("99999999999999999999x", 'strconv.Atoi: parsing "99999999999999999999x": value out of range'),
    ("9999999999999999999x", 'strconv.Atoi: parsing "9999999999999999999x": invalid syntax'),
]


@pytest.mark.parametrize("text, expected", ATOI)
def test_go_atoi(text, expected):
    if isinstance(expected, int):
        assert go_atoi(text) == expected
    else:
        with pytest.raises(ValueError) as error:
            go_atoi(text)
        assert str(error.value) == expected


def test_tz_in_a_schedule_is_refused_on_create_whether_or_not_it_parses():
    from podlint.checks.api import schedule

    tz = "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"
    assert schedule_errors("CRON_TZ=UTC 0 0 * * *") == [tz]
    assert schedule_errors("TZ=UTC") == [tz]  # the parser panics: only the TZ rule speaks
    assert schedule_errors("TZ=UTC 0 0 * *") == ["expected exactly 5 fields, found 4: [0 0 * *]", tz]
    assert schedule_errors("0 0 * * *") == []
    # the location runs to the first space, not the first whitespace
    if schedule._tz_database_available():
        assert parse_standard("TZ=UTC\t0 0 * * *") == "provided bad location UTC\t0: unknown time zone UTC\t0"


TIME_ZONES = [
    ("Etc/UTC", []),
    ("UTC", []),
    ("America/Argentina/Buenos_Aires", []),
    ("Etc/GMT+5", []),
    ("", ["timeZone must be nil or non-empty string"]),
    ("Local", ["timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"]),
    (
        "local",
        [
            "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
            "unknown time zone local",
        ],
    ),
    ("Europe/../UTC", ["unknown time zone Europe/../UTC"]),
    ("/Europe/Berlin", ["unknown time zone /Europe/Berlin"]),
    ("-Europe", ["unknown time zone -Europe"]),
    ("Europe/Berlin ", ["unknown time zone Europe/Berlin "]),
    ("America/Argentina_Buenos_Aires", ["unknown time zone America/Argentina_Buenos_Aires"]),  # a part over 14
]


@pytest.mark.parametrize("name, errors", TIME_ZONES)
def test_time_zone(name, errors):
    from podlint.checks.api import schedule

    if not schedule._tz_database_available() and any(e.startswith("unknown time zone") for e in errors):
        errors = [e for e in errors if not e.startswith("unknown time zone")] or errors[:1]
    assert time_zone_errors(name) == errors


def test_time_zone_lookup_needs_a_database():
    from podlint.checks.api import schedule

    if not schedule._tz_database_available():
        pytest.skip("no tz database on this machine")
    assert time_zone_errors("Mars/Olympus_Mons") == ["unknown time zone Mars/Olympus_Mons"]
    assert time_zone_errors("Europe/berlin") == ["unknown time zone Europe/berlin"]


CRONJOB = """\
apiVersion: batch/v1
kind: CronJob
metadata: {{name: report}}
spec:
  schedule: {schedule}
  {extra}
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - {{name: report, image: "example/report:1.0.0"}}
"""


def lint(schedule: str, extra: str = "") -> list[tuple[int, int, str]]:
    linter = Linter(Config(select=["cronjob-invalid-schedule"]))
    report = linter.lint_text(CRONJOB.format(schedule=schedule, extra=extra), "cronjob.yaml")
    return [(f.line, f.column, f.message) for f in report.findings]


def test_the_rule_reports_the_api_servers_words_at_the_schedule():
    assert lint('"0 0 * *"') == [
        (5, 13, 'spec.schedule: Invalid value: "0 0 * *": expected exactly 5 fields, found 4: [0 0 * *]')
    ]
    assert lint('"@weekly"') == []
    assert lint('""') == [(5, 13, "spec.schedule: Required value")]
    assert lint("|\n    @weekly") == [
        (5, 13, 'spec.schedule: Invalid value: "@weekly\\n": unrecognized descriptor: @weekly\n')
    ]
    assert lint("12") == []  # a number: wrong-type


def test_the_rule_reports_tz_and_time_zone():
    assert lint('"CRON_TZ=UTC 0 3 * * *"', "timeZone: Etc/UTC") == [
        (
            5,
            13,
            (
                'spec.schedule: Invalid value: "CRON_TZ=UTC 0 3 * * *": '
                "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"
            ),
        )
    ]
    assert lint('"0 3 * * *"', 'timeZone: ""') == [
        (6, 13, 'spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string')
    ]
