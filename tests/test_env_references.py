"""``$(VAR)`` references as the kubelet expands them (unresolved-env-reference)."""

from __future__ import annotations

import pytest

from podlint.checks.reliability.env import references

RULE = "unresolved-env-reference"


@pytest.mark.parametrize(
    "text, names",
    [
        ("plain", []),
        ("$(A)/$(B)/$(A)", ["A", "B"]),  # each once, in order
        ("$$(A)", []),  # an escaped "$", then "(A)"
        ("$$$(A)", ["A"]),
        ("$(A", []),  # no closing parenthesis: no reference
        ("$x$(A)", ["A"]),
        ("$($(A))", ["$(A"]),  # the name runs to the first ")"
        ("$(date +%s)", ["date +%s"]),
        ("$()", [""]),
        ("cost: 5$", []),
    ],
)
def test_references_are_read_as_expansion_expand_reads_them(text, names):
    assert references(text) == names


def found(lint, text):
    return [(f.line, f.column, str(f.severity), f.message) for f in lint(text, select=[RULE]).findings]


def pod(body: str, spec: str = "") -> str:
    return (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n"
        + spec
        + "  containers:\n    - name: web\n      image: example/web:1.0.0\n"
        + body
    )


def test_an_entry_sees_only_the_entries_before_it(lint):
    text = pod(
        "      env:\n"
        "        - {name: URL, value: 'http://$(HOST):$(PORT)/'}\n"  # line 9
        "        - {name: PORT, value: '80'}\n"
        "        - {name: HOST, value: web}\n"
        "        - {name: ALIAS, value: $(HOST)}\n"  # defined before: expanded
        "        - {name: lower, value: $(later)}\n"  # line 13: defined after, whatever its case
        "        - {name: later, value: x}\n"
        "        - {name: SELF, value: '$(SELF):x'}\n"  # line 15
        "        - {name: SHELL, value: '$(hostname)'}\n"  # not a variable's name: not reported
    )
    assert found(lint, text) == [
        (9, 30, "warning",
         'container "web" env URL: $(HOST) is left as written, since HOST is defined after it (env[2]); define it first'),
        (9, 30, "warning",
         'container "web" env URL: $(PORT) is left as written, since PORT is defined after it (env[1]); define it first'),
        (13, 32, "warning",
         'container "web" env lower: $(later) is left as written, since later is defined after it (env[5]); define it first'),
        (15, 31, "warning",
         'container "web" env SELF: $(SELF) is left as written, since env defines no SELF before it'
         " (the variables the image sets are not expanded)"),
    ]


def test_command_args_and_sub_path_expr_see_the_whole_env(lint):
    text = pod(
        "      command: [sh, -c, 'echo $(hostname) $(date +%s) $(LATE)']\n"  # line 8: LATE is defined
        "      args: ['--home=$(HOME)', '$$(HOME)']\n"  # line 9: HOME is not; escaped: not a reference
        "      env:\n"
        "        - {name: LATE, value: x}\n"
        "        - {name: EMPTY, value: ''}\n"
        "        - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}\n"
        "      volumeMounts:\n"
        "        - {name: data, mountPath: /a, subPathExpr: $(POD)}\n"  # line 15: a value at run time
        "        - {name: data, mountPath: /b, subPathExpr: '$(NODE)/$(EMPTY)/$(LATE)'}\n"  # line 16
        "  volumes:\n"
        "    - {name: data, emptyDir: {}}\n"
    )
    assert found(lint, text) == [
        (9, 14, "warning",
         'container "web" args[0]: $(HOME) is left as written, since env defines no HOME'
         " (the variables the image sets are not expanded)"),
        (16, 52, "error",
         'container "web" cannot start: subPathExpr needs values for EMPTY, NODE, and env gives them none'
         ' ("missing value for EMPTY, NODE")'),
    ]


def test_sub_path_expr_sees_values_as_expanded(lint):
    # a value that refers only to empty variables is empty; one that refers to a later entry, or
    # to an unset name, keeps the reference as written; a run-time value may be anything
    text = pod(
        "      env:\n"
        "        - {name: EMPTY, value: ''}\n"
        "        - {name: A, value: '$(EMPTY)'}\n"
        "        - {name: B, value: '$(EMPTY)$$(EMPTY)'}\n"  # "$(EMPTY)": "$$" is a literal "$"
        "        - {name: C, value: '$(LATER)'}\n"
        "        - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}\n"
        "        - {name: D, value: '$(POD)$(EMPTY)'}\n"
        "        - {name: E, value: '$(DB_SERVICE_HOST)'}\n"
        "        - {name: F, value: '$(A)$(EMPTY)'}\n"
        "        - {name: LATER, value: ''}\n"
        "        - {name: DB_PORT, value: ''}\n"
        "      volumeMounts:\n"
        "        - {name: data, mountPath: /a, subPathExpr: '$(A)/$(B)/$(C)/$(D)/$(E)'}\n"  # line 20
        "        - {name: data, mountPath: /b, subPathExpr: '$(F)-$(DB_PORT)'}\n"  # line 21
        "  volumes: [{name: data, emptyDir: {}}]\n"
    )
    assert [f for f in found(lint, text) if f[2] == "error"] == [
        (20, 52, "error",
         'container "web" cannot start: subPathExpr needs a value for A, and env gives it none: A\'s value'
         ' "$(EMPTY)" expands to an empty string ("missing value for A")'),
        (21, 52, "error",
         'container "web" cannot start: subPathExpr needs values for DB_PORT, F, and env gives them none: F\'s'
         ' value "$(A)$(EMPTY)" expands to an empty string ("missing value for DB_PORT, F")'),
    ]


def test_env_from_may_define_any_name_but_not_for_probes(lint):
    text = pod(
        "      envFrom: [{configMapRef: {name: settings}}]\n"
        "      args: ['--home=$(HOME)']\n"
        "      env: [{name: URL, value: '$(HOST)'}, {name: HOST, value: web}]\n"
        "      volumeMounts: [{name: data, mountPath: /a, subPathExpr: $(NODE)}]\n"
        "      readinessProbe:\n"
        "        exec: {command: [check, '$(FROM_CONFIG)']}\n"  # line 13
        "  volumes: [{name: data, emptyDir: {}}]\n"
    )
    assert found(lint, text) == [
        (13, 33, "warning",
         'container "web" readinessProbe: $(FROM_CONFIG) is left as written, since env defines no FROM_CONFIG'
         " (an exec probe expands only the variables of env)"),
    ]


def test_service_links_resolve_unless_turned_off(lint):
    body = "      args: ['$(DB_SERVICE_HOST):$(DB_PORT_5432_TCP_PORT)', '$(KUBERNETES_SERVICE_PORT_HTTPS)', '$(DB_URL)']\n"
    assert [f[3] for f in found(lint, pod(body))] == [
        'container "web" args[2]: $(DB_URL) is left as written, since env defines no DB_URL'
        " (the variables the image sets are not expanded)",
    ]
    off = [f[3].split(" is ")[0] for f in found(lint, pod(body, spec="  enableServiceLinks: false\n"))]
    assert off == [
        'container "web" args[0]: $(DB_SERVICE_HOST)',
        'container "web" args[0]: $(DB_PORT_5432_TCP_PORT)',
        'container "web" args[2]: $(DB_URL)',
    ]


def test_probes_expand_value_entries_only_and_hooks_nothing(lint):
    text = pod(
        "      env:\n"
        "        - {name: IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}\n"
        "        - {name: PORT, value: '6379'}\n"
        "      livenessProbe:\n"
        "        exec: {command: [redis-cli, -h, '$(IP)', -p, '$(PORT)', '$(hostname)']}\n"  # line 12
        "      lifecycle:\n"
        "        postStart: {exec: {command: [sh, -c, 'echo $(PORT) $(date)']}}\n"  # line 14
        "        preStop: {httpGet: {path: '/$(PORT)', port: 80}}\n"
    )
    assert found(lint, text) == [
        (12, 41, "warning",
         'container "web" livenessProbe: $(IP) expands to an empty string, since an exec probe expands only the'
         " variables env sets with value, not with valueFrom"),
        (14, 46, "warning",
         'container "web" postStart hook: $(PORT) is left as written, since lifecycle hooks expand no variables'
         " (in a shell, write $PORT)"),
    ]


def test_init_and_ephemeral_containers(lint):
    text = (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n"
        "  initContainers:\n"
        "    - name: setup\n"
        "      image: example/setup:1.0.0\n"
        "      args: ['$(TARGET)']\n"  # line 8: an init container's environment is built the same way
        "      livenessProbe: {exec: {command: ['$(X)']}}\n"  # refused on a plain init container: not read
        "  containers:\n"
        "    - {name: web, image: 'example/web:1.0.0'}\n"
        "  ephemeralContainers:\n"
        "    - {name: debug, image: 'busybox:1.37', args: ['$(TARGET)']}\n"
    )
    assert found(lint, text) == [
        (8, 14, "warning",
         'init container "setup" args[0]: $(TARGET) is left as written, since env defines no TARGET'
         " (the variables the image sets are not expanded)"),
    ]


def test_a_workload_template_is_read_as_a_pod(lint):
    text = """\
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: backup
              image: example/backup:2.0.0
              args: [--to, "s3://$(BUCKET)/$(NODE_NAME)"]
              env:
                - {name: BUCKET, value: backups}
"""
    findings = lint(text, select=[RULE]).findings
    assert [(f.line, f.column, f.path) for f in findings] == [(14, 28, "spec.jobTemplate.spec.template.spec.containers[0].args[1]")]


def test_odd_names_and_a_link_variable_defined_later(lint):
    text = pod(
        "      env:\n"
        "        - {name: [x], value: '$(B)'}\n"  # refused by the API server (invalid-env): no crash here
        "        - {name: URL, value: 'db:$(DB_PORT)'}\n"  # line 10: a link variable's shape, but env's own
        "        - {name: DB_PORT, value: '5432'}\n"
    )
    assert [(line, message) for line, _, _, message in found(lint, text)] == [
        (9, 'container "web" env[0]: $(B) is left as written, since env defines no B before it'
            " (the variables the image sets are not expanded)"),
        (10, 'container "web" env URL: $(DB_PORT) is left as written, since DB_PORT is defined after it (env[2]);'
             " define it first"),
    ]


def test_an_exec_probe_reads_a_value_as_written(lint):
    text = pod(
        "      env:\n"
        "        - {name: PORT, value: '6379'}\n"
        "        - {name: ADDRESS, value: 'localhost:$(PORT)'}\n"
        "      readinessProbe: {exec: {command: [check, '$(ADDRESS)']}}\n"  # line 11
    )
    assert found(lint, text) == [
        (11, 48, "warning",
         'container "web" readinessProbe: $(ADDRESS) expands to ADDRESS\'s value as written, "localhost:$(PORT)",'
         " since an exec probe does not expand the references of a value"),
    ]
