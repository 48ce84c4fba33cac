"""Conformance with Pod Security Admission's baseline checks: manifests it admits, and ones it
refuses, with its words.

Each case is derived from ``k8s.io/pod-security-admission``: the checks' unit tests
(``policy/check_*_test.go``) and the fixtures every policy version is tested with
(``test/fixtures_*.go``). ``# expect: COL [rule]`` markers give where podlint must report;
``messages`` gives, in order of position, what it says: admission's forbidden reason and
detail, for each offending field on its own. A case with no messages must give no finding of
any baseline rule. Cases run with the security rules selected and no Pod Security level set
(baseline violations are warnings), unless ``CONFIGS`` gives the case a level, a Kubernetes
version or parameters.
"""

from __future__ import annotations

import textwrap

import pytest

from podlint.config import Config, RuleConfig
from podlint.engine import Linter
from podlint.examples import markers
from podlint.findings import Severity

BASELINE_RULES = frozenset(
    {
        "host-process",
        "host-probe",
        "host-namespaces",
        "privileged-container",
        "added-capabilities",
        "host-path-volume",
        "host-port",
        "apparmor-profile",
        "selinux-options",
        "proc-mount",
        "seccomp-unconfined",
        "unsafe-sysctls",
    }
)

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
"""
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
"""
B = 'violates PodSecurity "baseline:latest": '
R = 'violates PodSecurity "restricted:latest": '


def pod(spec: str, metadata: str = "") -> str:
    """A Pod named web with ``metadata`` lines (dedented, under ``metadata:``) and ``spec``."""
    head = POD.replace("  name: web\n", "  name: web\n" + textwrap.indent(textwrap.dedent(metadata), "  "))
    return head + textwrap.indent(textwrap.dedent(spec), "  ")


def deployment(spec: str, metadata: str = "") -> str:
    head = DEPLOYMENT + textwrap.indent(textwrap.dedent(metadata), "      ")
    return head + "    spec:\n" + textwrap.indent(textwrap.dedent(spec), "      ")


def caps(container: str, capability: str) -> str:
    """Admission's detail for one capability a container must not add."""
    return f'container "{container}" must not include "{capability}" in securityContext.capabilities.add'


# (id, manifest, messages); no messages: admission admits the pod (no baseline finding)
CASES = [
    # --- hostProcess: check_windowsHostProcess.go, fixtures_windowsHostProcess.go
    (
        "host-process-unset",
        pod("""\
            os: {name: windows}
            containers:
              - name: agent
                image: mcr.microsoft.com/windows/nanoserver:ltsc2022
            """),
        [],
    ),
    (
        "host-process-false-pod-and-container",
        pod("""\
            os: {name: windows}
            securityContext:
              windowsOptions: {hostProcess: false}
            containers:
              - name: agent
                image: mcr.microsoft.com/windows/nanoserver:ltsc2022
                securityContext:
                  windowsOptions: {hostProcess: false}
            """),
        [],
    ),
    (
        "host-process-pod",  # HostNetwork is required for HostProcess pods: the fixture sets it too
        pod("""\
            os: {name: windows}
            hostNetwork: true                       # expect: 16 [host-namespaces]
            securityContext:
              windowsOptions: {hostProcess: true}   # expect: 35 [host-process]
            containers:
              - name: agent
                image: mcr.microsoft.com/windows/nanoserver:ltsc2022
            """),
        [
            B + "host namespaces (hostNetwork=true)",
            B + "hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)",
        ],
    ),
    (
        "host-process-containers-and-init-containers",
        pod("""\
            os: {name: windows}
            hostNetwork: true                           # expect: 16 [host-namespaces]
            initContainers:
              - name: setup
                image: mcr.microsoft.com/windows/nanoserver:ltsc2022
                securityContext:
                  windowsOptions: {hostProcess: true}   # expect: 39 [host-process]
            containers:
              - name: agent
                image: mcr.microsoft.com/windows/nanoserver:ltsc2022
                securityContext:
                  windowsOptions:
                    hostProcess: true                   # expect: 24 [host-process]
            """),
        [
            B + "host namespaces (hostNetwork=true)",
            B + 'hostProcess (container "setup" must not set securityContext.windowsOptions.hostProcess=true)',
            B + 'hostProcess (container "agent" must not set securityContext.windowsOptions.hostProcess=true)',
        ],
    ),
    # --- host namespaces: check_hostNamespaces.go, fixtures_hostNamespaces.go
    (
        "host-namespaces-false",
        pod("""\
            hostNetwork: false
            hostPID: false
            hostIPC: false
            containers: [{name: web, image: "nginx:1.27.2"}]
            """),
        [],
    ),
    (
        "host-namespaces-all-three",  # TestHostNamespaces "multiple host namespaces"
        pod("""\
            hostIPC: true       # expect: 12 [host-namespaces]
            hostPID: true       # expect: 12 [host-namespaces]
            hostNetwork: true   # expect: 16 [host-namespaces]
            containers: [{name: web, image: "nginx:1.27.2"}]
            """),
        [
            B + "host namespaces (hostIPC=true)",
            B + "host namespaces (hostPID=true)",
            B + "host namespaces (hostNetwork=true)",
        ],
    ),
    # --- privileged: check_privileged.go, fixtures_privileged.go
    (
        "privileged-false-and-unset",
        pod("""\
            initContainers:
              - {name: init, image: "busybox:1.36", securityContext: {privileged: false}}
            containers:
              - {name: web, image: "nginx:1.27.2", securityContext: {}}
            """),
        [],
    ),
    (
        "privileged-container-init-and-ephemeral",
        pod("""\
            initContainers:
              - {name: init, image: "busybox:1.36", securityContext: {privileged: true}}      # expect: 73 [privileged-container]
            containers:
              - {name: web, image: "nginx:1.27.2", securityContext: {privileged: true}}       # expect: 72 [privileged-container]
            ephemeralContainers:
              - {name: debug, image: "busybox:1.36", securityContext: {privileged: true}}     # expect: 74 [privileged-container]
            """),
        [
            B + 'privileged (container "init" must not set securityContext.privileged=true)',
            B + 'privileged (container "web" must not set securityContext.privileged=true)',
            B + 'privileged (container "debug" must not set securityContext.privileged=true)',
        ],
    ),
    # --- capabilities: check_capabilities_baseline.go, check_capabilities_restricted.go,
    #     fixtures_capabilities_baseline.go
    (
        "capabilities-default-set-is-baseline-but-not-restricted",
        pod("""\
            initContainers:
              - name: init
                image: busybox:1.36
                securityContext:
                  capabilities: {add: [NET_BIND_SERVICE]}
            containers:
              - name: web
                image: nginx:1.27.2
                securityContext:
                  capabilities:
                    drop: [ALL]
                    add: [AUDIT_WRITE, NET_BIND_SERVICE, SYS_CHROOT]   # expect: 17 [added-capabilities], 48 [added-capabilities]
            """),
        [
            R + "unrestricted capabilities (" + caps("web", "AUDIT_WRITE") + ")",
            R + "unrestricted capabilities (" + caps("web", "SYS_CHROOT") + ")",
        ],
    ),
    (
        "capabilities-net-raw",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                securityContext:
                  capabilities: {add: [NET_RAW]}   # expect: 30 [added-capabilities]
            """),
        [B + "non-default capabilities (" + caps("web", "NET_RAW") + ")"],
    ),
    (
        "capabilities-net-raw-in-init-container",
        pod("""\
            initContainers:
              - name: init
                image: busybox:1.36
                securityContext:
                  capabilities: {add: [NET_RAW]}   # expect: 30 [added-capabilities]
            containers:
              - {name: web, image: "nginx:1.27.2"}
            """),
        [B + "non-default capabilities (" + caps("init", "NET_RAW") + ")"],
    ),
    (
        "capabilities-case-difference-and-cap-prefix",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                securityContext:
                  capabilities: {add: [chown, CAP_CHOWN]}   # expect: 30 [added-capabilities], 37 [added-capabilities]
            """),
        [
            B + "non-default capabilities (" + caps("web", "chown") + ")",
            B + "non-default capabilities (" + caps("web", "CAP_CHOWN") + ")",
        ],
    ),
    (
        "capabilities-restricted-level-words",  # capabilities_restricted overrides capabilities_baseline
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                securityContext:
                  capabilities:
                    drop: [ALL]
                    add: [NET_ADMIN, KILL, NET_BIND_SERVICE]   # expect: 17 [added-capabilities], 28 [added-capabilities]
            """),
        [
            R + "unrestricted capabilities (" + caps("web", "NET_ADMIN") + ")",
            R + "unrestricted capabilities (" + caps("web", "KILL") + ")",
        ],
    ),
    (
        "capabilities-windows-pod-exempt-from-restricted",  # capabilitiesRestricted_1_25
        pod("""\
            os: {name: windows}
            containers:
              - name: web
                image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
                securityContext:
                  capabilities: {add: [KILL]}
            """),
        [],
    ),
    (
        "capabilities-windows-pod-still-baseline",
        pod("""\
            os: {name: windows}
            containers:
              - name: web
                image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
                securityContext:
                  capabilities: {add: [SYS_ADMIN, KILL]}   # expect: 30 [added-capabilities]
            """),
        [B + "non-default capabilities (" + caps("web", "SYS_ADMIN") + ")"],
    ),
    (
        "capabilities-windows-pod-at-restricted",  # the restricted check replaces baseline's, and exempts it
        pod("""\
            os: {name: windows}
            containers:
              - name: web
                image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
                securityContext:
                  capabilities: {add: [SYS_ADMIN]}
            """),
        [],
    ),
    # --- hostPath volumes: check_hostPathVolumes.go, fixtures_hostPathVolumes.go
    (
        "host-path-absent",
        pod("""\
            containers: [{name: web, image: "nginx:1.27.2"}]
            volumes:
              - {name: cache, emptyDir: {}}
              - {name: config, configMap: {name: web}}
            """),
        [],
    ),
    (
        "host-path-two-volumes",
        pod("""\
            containers: [{name: web, image: "nginx:1.27.2"}]
            volumes:
              - name: a
                hostPath: {path: /a}   # expect: 7 [host-path-volume]
              - {name: b, hostPath: {path: /b}}   # expect: 17 [host-path-volume]
            """),
        [B + 'hostPath volumes (volume "a")', B + 'hostPath volumes (volume "b")'],
    ),
    (
        "host-path-restricted-level-words",  # restrictedVolumes overrides hostPathVolumes
        pod("""\
            containers: [{name: web, image: "nginx:1.27.2"}]
            volumes:
              - name: host
                hostPath: {path: /}   # expect: 7 [host-path-volume]
            """),
        [R + 'restricted volume types (volume "host" uses restricted volume type "hostPath")'],
    ),
    # --- host ports: check_hostPorts.go, fixtures_hostPorts.go
    (
        "host-port-zero-and-unset",
        pod("""\
            initContainers:
              - {name: init, image: "busybox:1.36", ports: [{containerPort: 9000, hostPort: 0}]}
            containers:
              - {name: web, image: "nginx:1.27.2", ports: [{containerPort: 80}]}
            """),
        [],
    ),
    (
        "host-port-one-container",  # TestHostPort "one container, one host port"
        pod("""\
            containers:
              - name: a
                image: nginx:1.27.2
                ports: [{containerPort: 80, hostPort: 0}]
              - name: b
                image: nginx:1.27.2
                ports:
                  - {containerPort: 81, hostPort: 0}
                  - {containerPort: 82, hostPort: 20}   # expect: 41 [host-port]
            """),
        [B + 'hostPort (container "b" uses hostPort 20)'],
    ),
    (
        "host-port-multiple-containers",  # TestHostPort "multiple containers, multiple host port"
        pod("""\
            containers:
              - name: b
                image: nginx:1.27.2
                ports:
                  - {containerPort: 80, hostPort: 10}   # expect: 41 [host-port]
                  - {containerPort: 81, hostPort: 20}   # expect: 41 [host-port]
              - name: c
                image: nginx:1.27.2
                ports:
                  - {containerPort: 80, hostPort: 10}   # expect: 41 [host-port]
                  - {containerPort: 81, hostPort: 30}   # expect: 41 [host-port]
            """),
        [
            B + 'hostPort (container "b" uses hostPort 10)',
            B + 'hostPort (container "b" uses hostPort 20)',
            B + 'hostPort (container "c" uses hostPort 10)',
            B + 'hostPort (container "c" uses hostPort 30)',
        ],
    ),
    (
        "host-port-defaulted-on-the-host-network",  # SetDefaults_Pod: a Pod's ports become host ports
        pod("""\
            hostNetwork: true   # expect: 16 [host-namespaces]
            initContainers:
              - {name: init, image: "busybox:1.36", ports: [{containerPort: 9000}]}   # expect: 67 [host-port]
            containers:
              - {name: web, image: "nginx:1.27.2", ports: [{containerPort: 80}]}   # expect: 66 [host-port]
            """),
        [
            B + "host namespaces (hostNetwork=true)",
            B + 'hostPort (container "init" uses hostPort 9000)',
            B + 'hostPort (container "web" uses hostPort 80)',
        ],
    ),
    (
        "host-port-not-defaulted-in-a-pod-template",  # a Deployment's pods get theirs when they are made
        DEPLOYMENT
        + textwrap.indent(
            textwrap.dedent("""\
                spec:
                  hostNetwork: true   # expect: 20 [host-namespaces]
                  containers:
                    - {name: web, image: "nginx:1.27.2", ports: [{containerPort: 80}]}
                """),
            "    ",
        ),
        [B + "host namespaces (hostNetwork=true)"],
    ),
    (
        "host-port-init-container",
        pod("""\
            initContainers:
              - {name: init, image: "busybox:1.36", ports: [{containerPort: 9000, hostPort: 9000}]}   # expect: 83 [host-port]
            containers:
              - {name: web, image: "nginx:1.27.2"}
            """),
        [B + 'hostPort (container "init" uses hostPort 9000)'],
    ),
    (
        "host-port-allowed-by-parameter",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                ports:
                  - {containerPort: 80, hostPort: 80}
                  - {containerPort: 30080, hostPort: 30080}
                  - {containerPort: 8080, hostPort: 8080}   # expect: 43 [host-port]
            """),
        [B + 'hostPort (container "web" uses hostPort 8080)'],
    ),
    # --- AppArmor: check_appArmorProfile.go, fixtures_appArmorProfile.go
    (
        "apparmor-allowed-annotations-and-fields",  # TestCheckAppArmor, the fixture's pass case
        pod(
            """\
            securityContext:
              appArmorProfile: {type: RuntimeDefault}
            containers:
              - name: web
                image: nginx:1.27.2
                securityContext:
                  appArmorProfile: {type: Localhost, localhostProfile: k8s-web}
            """,
            metadata="""\
            annotations:
              container.apparmor.security.beta.kubernetes.io/web: runtime/default
              container.apparmor.security.beta.kubernetes.io/sidecar: localhost/sec-profile01
              env: prod
            """,
        ),
        [],
    ),
    (
        "apparmor-annotations",  # TestAppArmorProfile "multiple containers"
        pod(
            """\
            containers: [{name: web, image: "nginx:1.27.2"}]
            """,
            metadata="""\
            annotations:
              container.apparmor.security.beta.kubernetes.io/: bogus            # expect: 54 [apparmor-profile]
              container.apparmor.security.beta.kubernetes.io/a: ""
              container.apparmor.security.beta.kubernetes.io/b: runtime/default
              container.apparmor.security.beta.kubernetes.io/c: localhost/
              container.apparmor.security.beta.kubernetes.io/d: localhost/foo
              container.apparmor.security.beta.kubernetes.io/e: unconfined      # expect: 55 [apparmor-profile]
              container.apparmor.security.beta.kubernetes.io/f: unknown         # expect: 55 [apparmor-profile]
            """,
        ),
        [
            B + 'forbidden AppArmor profile (annotation must not set AppArmor profile type to '
            '"container.apparmor.security.beta.kubernetes.io/="bogus"")',
            B + 'forbidden AppArmor profile (annotation must not set AppArmor profile type to '
            '"container.apparmor.security.beta.kubernetes.io/e="unconfined"")',
            B + 'forbidden AppArmor profile (annotation must not set AppArmor profile type to '
            '"container.apparmor.security.beta.kubernetes.io/f="unknown"")',
        ],
    ),
    (
        "apparmor-unconfined-pod",  # TestCheckAppArmor_Forbidden "unconfined pod"
        pod("""\
            securityContext:
              appArmorProfile: {type: Unconfined}   # expect: 29 [apparmor-profile]
            containers: [{name: web, image: "nginx:1.27.2"}]
            """),
        [B + 'forbidden AppArmor profile (pod must not set AppArmor profile type to "Unconfined")'],
    ),
    (
        "apparmor-unconfined-containers-under-a-runtime-default-pod",  # "unconfined container", "... init container"
        pod("""\
            securityContext:
              appArmorProfile: {type: RuntimeDefault}
            initContainers:
              - name: bar
                image: busybox:1.36
                securityContext:
                  appArmorProfile: {type: Unconfined}   # expect: 33 [apparmor-profile]
            containers:
              - name: foo
                image: nginx:1.27.2
                securityContext:
                  appArmorProfile: {type: Unconfined}   # expect: 33 [apparmor-profile]
            ephemeralContainers:
              - name: debug
                image: busybox:1.36
                securityContext:
                  appArmorProfile: {type: Unconfined}   # expect: 33 [apparmor-profile]
            """),
        [
            B + 'forbidden AppArmor profile (container "bar" must not set AppArmor profile type to "Unconfined")',
            B + 'forbidden AppArmor profile (container "foo" must not set AppArmor profile type to "Unconfined")',
            B + 'forbidden AppArmor profile (container "debug" must not set AppArmor profile type to "Unconfined")',
        ],
    ),
    # --- SELinux: check_seLinuxOptions.go, fixtures_seLinuxOptions.go
    (
        "selinux-allowed",  # the fixture's pass cases
        pod("""\
            securityContext:
              seLinuxOptions: {type: container_t, level: ""}
            initContainers:
              - name: init
                image: busybox:1.36
                securityContext:
                  seLinuxOptions: {type: container_kvm_t}
              - name: empty
                image: busybox:1.36
                securityContext:
                  seLinuxOptions: {}
            containers:
              - name: web
                image: nginx:1.27.2
                securityContext:
                  seLinuxOptions: {type: container_init_t, level: somevalue}
              - name: engine
                image: moby/buildkit:v0.16.0
                securityContext:
                  seLinuxOptions: {type: container_engine_t}
            """),
        [],
    ),
    (
        "selinux-invalid-pod-and-containers",  # TestSELinuxOptions "invalid pod and containers"
        pod("""\
            securityContext:
              seLinuxOptions:
                type: foo    # expect: 13 [selinux-options]
                user: bar    # expect: 13 [selinux-options]
                role: baz    # expect: 13 [selinux-options]
            containers:
              - {name: a, image: "nginx:1.27.2", securityContext: {seLinuxOptions: {type: container_t}}}
              - {name: b, image: "nginx:1.27.2", securityContext: {seLinuxOptions: {type: container_init_t}}}
              - {name: c, image: "nginx:1.27.2", securityContext: {seLinuxOptions: {type: container_kvm_t}}}
              - {name: d, image: "nginx:1.27.2", securityContext: {seLinuxOptions: {type: container_engine_t}}}
              - {name: e, image: "nginx:1.27.2", securityContext: {seLinuxOptions: {type: bar}}}   # expect: 81 [selinux-options]
              - {name: f, image: "nginx:1.27.2", securityContext: {seLinuxOptions: {user: bar}}}   # expect: 81 [selinux-options]
              - {name: g, image: "nginx:1.27.2", securityContext: {seLinuxOptions: {role: baz}}}   # expect: 81 [selinux-options]
            """),
        [
            B + 'seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "foo")',
            B + "seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: user may not be set)",
            B + "seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: role may not be set)",
            B + 'seLinuxOptions (container "e" set forbidden securityContext.seLinuxOptions: type "bar")',
            B + 'seLinuxOptions (container "f" set forbidden securityContext.seLinuxOptions: user may not be set)',
            B + 'seLinuxOptions (container "g" set forbidden securityContext.seLinuxOptions: role may not be set)',
        ],
    ),
    (
        "selinux-container-engine-before-1.31",  # selinuxAllowedTypes1_0
        pod("""\
            containers:
              - name: engine
                image: moby/buildkit:v0.16.0
                securityContext:
                  seLinuxOptions: {type: container_engine_t}   # expect: 32 [selinux-options]
            """),
        [B + 'seLinuxOptions (container "engine" set forbidden securityContext.seLinuxOptions: type "container_engine_t")'],
    ),
    # --- procMount: check_procMount_baseline.go, check_procMount_restricted.go, fixtures_procMount.go
    (
        "proc-mount-default",
        pod("""\
            hostUsers: false
            initContainers:
              - {name: init, image: "busybox:1.36", securityContext: {procMount: Default}}
            containers:
              - {name: web, image: "nginx:1.27.2", securityContext: {procMount: Default}}
            """),
        [],
    ),
    (
        "proc-mount-unmasked-host-users",  # fixtureData_1_35_baseline fail cases
        pod("""\
            hostUsers: true
            initContainers:
              - {name: init, image: "busybox:1.36", securityContext: {procMount: Unmasked}}   # expect: 72 [proc-mount]
            containers:
              - {name: web, image: "nginx:1.27.2", securityContext: {procMount: Unmasked}}    # expect: 71 [proc-mount]
            """),
        [
            B + 'procMount (container "init" must not set securityContext.procMount to "Unmasked")',
            B + 'procMount (container "web" must not set securityContext.procMount to "Unmasked")',
        ],
    ),
    (
        "proc-mount-unmasked-user-namespace",  # baseline 1.35 passes it; procMount_restricted refuses it
        pod("""\
            hostUsers: false
            containers:
              - {name: web, image: "nginx:1.27.2", securityContext: {procMount: Unmasked}}    # expect: 71 [proc-mount]
            """),
        [R + 'procMount (container "web" must not set securityContext.procMount to "Unmasked")'],
    ),
    (
        "proc-mount-unmasked-user-namespace-before-1.35",  # procMount_1_0 did not look at hostUsers
        pod("""\
            hostUsers: false
            containers:
              - {name: web, image: "nginx:1.27.2", securityContext: {procMount: Unmasked}}    # expect: 71 [proc-mount]
            """),
        [B + 'procMount (container "web" must not set securityContext.procMount to "Unmasked")'],
    ),
    (
        "proc-mount-made-default-before-1.33",  # dropDisabledProcMountField: admission sees Default
        pod("""\
            containers:
              - {name: web, image: "nginx:1.27.2", securityContext: {procMount: Unmasked}}
            """),
        [],
    ),
    # --- seccomp: check_seccompProfile_baseline.go (1.19+), fixtures_seccompProfile_baseline.go
    (
        "seccomp-allowed",  # the fixture's pass case
        pod("""\
            securityContext:
              seccompProfile: {type: RuntimeDefault}
            initContainers:
              - {name: init, image: "busybox:1.36"}
            containers:
              - name: web
                image: nginx:1.27.2
                securityContext:
                  seccompProfile: {type: Localhost, localhostProfile: profiles/web.json}
            """),
        [],
    ),
    (
        "seccomp-unconfined-pod",  # TestSeccompProfileBaseline_1_19 "pod seccomp invalid"
        pod("""\
            securityContext:
              seccompProfile: {type: Unconfined}   # expect: 28 [seccomp-unconfined]
            containers:
              - {name: a, image: "nginx:1.27.2"}
            """),
        [B + 'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")'],
    ),
    (
        "seccomp-unconfined-pod-and-containers",  # "pod and containers seccomp invalid"
        pod("""\
            securityContext:
              seccompProfile: {type: Unconfined}   # expect: 28 [seccomp-unconfined]
            containers:
              - {name: a, image: "nginx:1.27.2"}
              - {name: b, image: "nginx:1.27.2", securityContext: {}}
              - {name: c, image: "nginx:1.27.2", securityContext: {seccompProfile: {type: Unconfined}}}   # expect: 81 [seccomp-unconfined]
              - {name: d, image: "nginx:1.27.2", securityContext: {seccompProfile: {type: Unconfined}}}   # expect: 81 [seccomp-unconfined]
              - {name: e, image: "nginx:1.27.2", securityContext: {seccompProfile: {type: RuntimeDefault}}}
            initContainers:
              - {name: f, image: "busybox:1.36", securityContext: {seccompProfile: {type: Unconfined}}}   # expect: 81 [seccomp-unconfined]
            """),
        [
            B + 'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
            B + 'seccompProfile (container "c" must not set securityContext.seccompProfile.type to "Unconfined")',
            B + 'seccompProfile (container "d" must not set securityContext.seccompProfile.type to "Unconfined")',
            B + 'seccompProfile (container "f" must not set securityContext.seccompProfile.type to "Unconfined")',
        ],
    ),
    (
        "seccomp-alpha-annotations-no-longer-checked",  # seccompProfileBaseline_1_0 applies below policy 1.19
        pod(
            """\
            containers: [{name: web, image: "nginx:1.27.2"}]
            """,
            metadata="""\
            annotations:
              seccomp.security.alpha.kubernetes.io/pod: unconfined
              container.seccomp.security.alpha.kubernetes.io/web: unconfined
            """,
        ),
        [],
    ),
    (
        "seccomp-windows-pod-at-restricted",  # seccompProfile_restricted replaces the baseline check, exempts it
        pod("""\
            os: {name: windows}
            securityContext:
              seccompProfile: {type: Unconfined}
            containers: [{name: web, image: "nginx:1.27.2"}]
            """),
        [],
    ),
    # --- sysctls: check_sysctls.go, fixtures_sysctls.go
    (
        "sysctls-safe-set",  # fixtureDataV1Dot29 pass case, and the 1.32 and 1.37 additions
        pod("""\
            securityContext:
              sysctls:
                - {name: kernel.shm_rmid_forced, value: "0"}
                - {name: net.ipv4.ip_local_port_range, value: "1024 65535"}
                - {name: net.ipv4.tcp_syncookies, value: "0"}
                - {name: net.ipv4.ping_group_range, value: "1 0"}
                - {name: net.ipv4.ip_unprivileged_port_start, value: "1024"}
                - {name: net.ipv4.ip_local_reserved_ports, value: "1024-4999"}
                - {name: net.ipv4.tcp_keepalive_time, value: "7200"}
                - {name: net.ipv4.tcp_fin_timeout, value: "60"}
                - {name: net.ipv4.tcp_keepalive_intvl, value: "75"}
                - {name: net.ipv4.tcp_keepalive_probes, value: "9"}
                - {name: net.ipv4.tcp_rmem, value: "4096 87380 16777216"}
                - {name: net.ipv4.tcp_wmem, value: "4096 65536 16777216"}
                - {name: net.ipv4.tcp_slow_start_after_idle, value: "0"}
                - {name: net.ipv4.tcp_notsent_lowat, value: "16384"}
            containers: [{name: web, image: "nginx:1.27.2"}]
            """),
        [],
    ),
    (
        "sysctls-forbidden",  # TestSysctls "forbidden sysctls", the fixtures' fail case
        pod("""\
            securityContext:
              sysctls:
                - {name: othersysctl, value: other}   # expect: 16 [unsafe-sysctls]
                - {name: kernel.msgmax, value: "65536"}   # expect: 16 [unsafe-sysctls]
            containers: [{name: web, image: "nginx:1.27.2"}]
            """),
        [B + "forbidden sysctls (othersysctl)", B + "forbidden sysctls (kernel.msgmax)"],
    ),
    (
        "sysctls-before-1.32",  # sysctlsAllowedV1Dot29
        pod("""\
            securityContext:
              sysctls:
                - {name: net.ipv4.tcp_keepalive_time, value: "600"}
                - {name: net.ipv4.tcp_rmem, value: "4096 87380 16777216"}   # expect: 16 [unsafe-sysctls]
            containers: [{name: web, image: "nginx:1.27.2"}]
            """),
        [B + "forbidden sysctls (net.ipv4.tcp_rmem)"],
    ),
    (
        "sysctls-before-1.37",  # sysctlsAllowedV1Dot32
        pod("""\
            securityContext:
              sysctls:
                - {name: net.ipv4.tcp_wmem, value: "4096 65536 16777216"}
                - {name: net.ipv4.tcp_slow_start_after_idle, value: "0"}   # expect: 16 [unsafe-sysctls]
            containers: [{name: web, image: "nginx:1.27.2"}]
            """),
        [B + "forbidden sysctls (net.ipv4.tcp_slow_start_after_idle)"],
    ),
    # --- a Deployment's pod template, and a Namespace's enforce label
    (
        "deployment-template",
        deployment(
            """\
            hostPID: true   # expect: 16 [host-namespaces]
            initContainers:
              - name: proxy
                image: envoyproxy/envoy:v1.31.2
                restartPolicy: Always
                securityContext:
                  capabilities: {add: [NET_ADMIN]}   # expect: 34 [added-capabilities]
            containers:
              - name: web
                image: nginx:1.27.2
                securityContext: {privileged: true}   # expect: 41 [privileged-container]
            """,
            metadata="""\
            annotations:
              container.apparmor.security.beta.kubernetes.io/web: unconfined   # expect: 61 [apparmor-profile]
            """,
        ),
        [
            B + 'forbidden AppArmor profile (annotation must not set AppArmor profile type to '
            '"container.apparmor.security.beta.kubernetes.io/web="unconfined"")',
            B + "host namespaces (hostPID=true)",
            B + "non-default capabilities (" + caps("proxy", "NET_ADMIN") + ")",
            B + 'privileged (container "web" must not set securityContext.privileged=true)',
        ],
    ),
    (
        "namespace-enforcing-baseline",
        """\
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: baseline
    pod-security.kubernetes.io/warn: restricted
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  containers:
    - name: web
      image: nginx:1.27.2
      securityContext:
        capabilities: {add: [SYS_PTRACE, CHOWN]}   # expect: 30 [added-capabilities], 42 [added-capabilities]
        seccompProfile: {type: Unconfined}   # expect: 32 [seccomp-unconfined]
""",
        [
            B + "non-default capabilities (" + caps("web", "SYS_PTRACE") + ")",
            "would " + R.replace("violates", "violate") + "unrestricted capabilities (" + caps("web", "CHOWN") + ")",
            B + 'seccompProfile (container "web" must not set securityContext.seccompProfile.type to "Unconfined")',
        ],
    ),
    # --- host probes and lifecycle hooks: check_hostProbesAndhostLifecycle.go (1.34+), fixtures_hostProbesAndHostLifecycle.go
    (
        "host-probe-unset-or-empty",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                livenessProbe: {httpGet: {host: "", port: 80}}
                lifecycle: {postStart: {httpGet: {path: /, port: 80}}}
            """),
        [],
    ),
    (
        "host-probe-http-tcp-and-hooks",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                startupProbe: {tcpSocket: {host: example.com, port: 80}}   # expect: 40 [host-probe]
                lifecycle: {postStart: {httpGet: {host: 10.0.0.1, port: 80}}}   # expect: 47 [host-probe]
            """),
        [
            B + 'probe or lifecycle host (container "web" uses probe or lifecycle host "example.com")',
            B + 'probe or lifecycle host (container "web" uses probe or lifecycle host "10.0.0.1")',
        ],
    ),
    (
        "host-probe-loopback-is-a-host-too",  # fixtures_hostProbesAndHostLifecycle.go: 127.0.0.1 and ::1 fail
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                livenessProbe: {httpGet: {host: 127.0.0.1, port: 8080}}   # expect: 39 [host-probe]
                readinessProbe: {tcpSocket: {host: "::1", port: 8080}}   # expect: 42 [host-probe]
            """),
        [
            B + 'probe or lifecycle host (container "web" uses probe or lifecycle host "127.0.0.1")',
            B + 'probe or lifecycle host (container "web" uses probe or lifecycle host "::1")',
        ],
    ),
    (
        "host-probe-before-1.34",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                readinessProbe: {httpGet: {host: 10.0.0.1, port: 80}}
            """),
        [],
    ),
]

# Cases that run with a Pod Security level, another Kubernetes version, or parameters.
CONFIGS = {
    "capabilities-restricted-level-words": {"pod_security": "restricted"},
    "capabilities-windows-pod-at-restricted": {"pod_security": "restricted"},
    "host-path-restricted-level-words": {"pod_security": "restricted"},
    "host-port-allowed-by-parameter": {
        "rules": {"host-port": RuleConfig(params={"allowed-host-ports": ["80", "30000-32767"]})}
    },
    "selinux-container-engine-before-1.31": {"kubernetes_version": "1.30"},
    "proc-mount-unmasked-user-namespace-before-1.35": {"kubernetes_version": "1.34"},
    "proc-mount-made-default-before-1.33": {"kubernetes_version": "1.32", "pod_security": "baseline"},
    "seccomp-windows-pod-at-restricted": {"pod_security": "restricted"},
    "sysctls-before-1.32": {"kubernetes_version": "1.31"},
    "sysctls-before-1.37": {"kubernetes_version": "1.36"},
    "host-probe-before-1.34": {"kubernetes_version": "1.33"},
}


def lint(case_id: str, manifest: str):
    config = Config(select=["security"], **CONFIGS.get(case_id, {}))
    return Linter(config).lint_text(manifest, "case.yaml")


@pytest.mark.parametrize("case_id, manifest, messages", [pytest.param(*case, id=case[0]) for case in CASES])
def test_pod_security_admission_baseline_conformance(case_id, manifest, messages):
    findings = [f for f in lint(case_id, manifest).findings if f.rule in BASELINE_RULES]
    assert [(f.line, f.column, f.rule) for f in findings] == markers(manifest)
    assert [f.message for f in findings] == messages


def test_the_table_covers_every_rule_both_ways():
    failing = {rule for _, manifest, _ in CASES for _, _, rule in markers(manifest)}
    assert failing == BASELINE_RULES
    assert sum(1 for _, _, messages in CASES if not messages) >= 12
    assert set(CONFIGS) <= {case[0] for case in CASES}


def _severities(manifest: str, **config) -> list[tuple[str, Severity]]:
    report = Linter(Config(select=sorted(BASELINE_RULES), **config)).lint_text(manifest, "case.yaml")
    return [(f.rule, f.severity) for f in report.findings]


PRIVILEGED_AND_CHOWN = pod("""\
    containers:
      - name: web
        image: nginx:1.27.2
        securityContext:
          privileged: true
          capabilities: {add: [CHOWN]}
    """)


def test_baseline_violations_are_warnings_unless_a_level_is_enforced():
    warning, error = Severity.WARNING, Severity.ERROR
    assert _severities(PRIVILEGED_AND_CHOWN) == [("privileged-container", warning), ("added-capabilities", warning)]
    assert _severities(PRIVILEGED_AND_CHOWN, pod_security="baseline") == [
        ("privileged-container", error),
        ("added-capabilities", warning),  # a restricted control: baseline does not refuse CHOWN
    ]
    assert _severities(PRIVILEGED_AND_CHOWN, pod_security="restricted") == [
        ("privileged-container", error),
        ("added-capabilities", error),
    ]
    assert _severities(PRIVILEGED_AND_CHOWN, pod_security="privileged") == []  # what the level allows


def test_restricted_level_reports_a_host_path_volume_once():
    """restricted-volume-types leaves hostPath volumes to host-path-volume."""
    manifest = pod("""\
        containers: [{name: web, image: "nginx:1.27.2"}]
        volumes:
          - {name: host, hostPath: {path: /}}
        """)
    report = Linter(Config(select=["security"], pod_security="restricted")).lint_text(manifest, "case.yaml")
    assert [f.rule for f in report.findings if "hostPath" in f.message] == ["host-path-volume"]


@pytest.mark.parametrize(
    "value, quoted",
    [("unconfined", '"unconfined"'), ('a"b\\c', '"a\\"b\\\\c"'), ("tab\there", '"tab\\there"'), ("\x00é", '"\\x00é"')],
)
def test_annotation_values_are_quoted_as_go_does(value, quoted):
    from podlint.apiserver import go_quote

    assert go_quote(value) == quoted


def test_malformed_fields_read_as_absent():
    manifest = pod("""\
        hostNetwork: "true"
        securityContext:
          seccompProfile: Unconfined
          sysctls: {name: kernel.msgmax}
          seLinuxOptions: [spc_t]
          windowsOptions: {hostProcess: "true"}
        containers:
          - name: web
            image: nginx:1.27.2
            ports: [{containerPort: 80, hostPort: "8080"}, 80]
            securityContext:
              privileged: 1
              capabilities: {add: NET_ADMIN}
              procMount: [Unmasked]
              appArmorProfile: Unconfined
        volumes: [{name: a, hostPath: /etc}, "b"]
        """)
    assert _severities(manifest) == []
