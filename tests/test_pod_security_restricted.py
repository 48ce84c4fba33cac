"""Conformance with Pod Security Admission's restricted level: manifests it admits and ones it
refuses, per control.

The cases are derived from ``k8s.io/pod-security-admission``: the fixtures of
``test/fixtures_{restrictedVolumes,allowPrivilegeEscalation,runAsNonRoot,runAsUser,
seccompProfile_restricted,capabilities_restricted}.go`` (a minimal restricted pod with one
init container and one container, tweaked to pass or fail one control) and the unit tests of
``policy/check_*_test.go`` (several containers, pod-level inheritance, Windows and user
namespace exemptions). ``# expect: COL [rule]`` markers give where podlint reports, and
``messages`` what, in order of position: admission's forbidden reason and detail, worded for
the one container or volume the finding is about. A passing case must give no finding.
"""

from __future__ import annotations

import textwrap

import pytest

from podlint.config import Config
from podlint.engine import Linter
from podlint.examples import markers
from podlint.findings import Severity

RESTRICTED_RULES = [
    "restricted-volume-types",
    "privilege-escalation",
    "run-as-non-root",
    "run-as-root-user",
    "seccomp-required",
    "capabilities-drop-all",
]

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: test
spec:
"""
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: test
spec:
  selector:
    matchLabels: {app: test}
  template:
    metadata:
      labels: {app: test}
    spec:
"""
# A container that passes every restricted container check by itself.
SAFE = "{allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}"
# The minimal restricted pod of PSA's fixtures: pod-level runAsNonRoot and seccomp, an init
# container and a container that drop ALL and refuse privilege escalation.
POD_LEVEL = "securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n"
CONTAINERS = f"""\
initContainers:
  - name: init
    image: busybox:1.37
    securityContext: {SAFE}
containers:
  - name: app
    image: nginx:1.27.2
    securityContext: {SAFE}
"""
MINIMAL = POD_LEVEL + CONTAINERS

R = 'violates PodSecurity "restricted:latest": '


def pod(*parts: str) -> str:
    """A Pod whose spec is ``parts``, each dedented (markers' columns are those of the result)."""
    return POD + "".join(textwrap.indent(textwrap.dedent(part), "  ") for part in parts)


def deployment(*parts: str) -> str:
    return DEPLOYMENT + "".join(textwrap.indent(textwrap.dedent(part), "      ") for part in parts)


def volume(name: str, kind: str) -> str:
    return R + f'restricted volume types (volume "{name}" uses restricted volume type "{kind}")'


def escalation(container: str) -> str:
    detail = f'container "{container}" must set securityContext.allowPrivilegeEscalation=false'
    return R + f"allowPrivilegeEscalation != false ({detail})"


def non_root_unset(container: str) -> str:
    return R + f'runAsNonRoot != true (pod or container "{container}" must set securityContext.runAsNonRoot=true)'


def non_root_false(setter: str) -> str:
    return R + f"runAsNonRoot != true ({setter} must not set securityContext.runAsNonRoot=false)"


def root(setter: str) -> str:
    return R + f"runAsUser=0 ({setter} must not set runAsUser=0)"


def seccomp(container: str) -> str:
    return R + (
        f'seccompProfile (pod or container "{container}" must set securityContext.seccompProfile.type to '
        '"RuntimeDefault" or "Localhost")'
    )


def drop_all(container: str) -> str:
    return R + f'unrestricted capabilities (container "{container}" must set securityContext.capabilities.drop=["ALL"])'


# (id, manifest, messages, settings); no messages: admitted. settings: more Config fields.
CASES = [
    ("minimal-restricted-pod", pod(MINIMAL), [], {}),
    # --- restrictedVolumes (fixtures_restrictedVolumes.go) ---------------------------------------
    (
        "volumes-allowed",
        pod(
            MINIMAL,
            """\
            volumes:
              - name: volume0   # no source: defaulted to an emptyDir
              - {name: volume1, emptyDir: {}}
              - {name: volume2, secret: {secretName: test}}
              - {name: volume3, persistentVolumeClaim: {claimName: test}}
              - {name: volume4, downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}}
              - {name: volume5, configMap: {name: test}}
              - {name: volume6, projected: {sources: []}}
              - {name: volume7, csi: {driver: inline.storage.kubernetes.io, volumeAttributes: {foo: bar}}}
              - name: volume8
                ephemeral: {volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}}
              - {name: volume9, image: {reference: "example/data:1.0", pullPolicy: IfNotPresent}}
            """,
        ),
        [],
        {},
    ),
    (
        "volumes-restricted",
        pod(
            MINIMAL,
            """\
            volumes:
              - name: volume1
                gcePersistentDisk: {pdName: test}   # expect: 7 [restricted-volume-types]
              - name: volume2
                awsElasticBlockStore: {volumeID: test}   # expect: 7 [restricted-volume-types]
              - name: volume3
                gitRepo: {repository: github.com/kubernetes/kubernetes}   # expect: 7 [restricted-volume-types]
              - name: volume4
                nfs: {server: test, path: /test}   # expect: 7 [restricted-volume-types]
              - name: volume5
                iscsi: {targetPortal: test, iqn: "iqn.2001-04.com.example:storage.kube.sys1.xyz", lun: 0}   # expect: 7 [restricted-volume-types]
              - name: volume6
                glusterfs: {path: test, endpoints: test}   # expect: 7 [restricted-volume-types]
              - name: volume7
                rbd: {monitors: [test], image: test}   # expect: 7 [restricted-volume-types]
              - name: volume8
                flexVolume: {driver: test}   # expect: 7 [restricted-volume-types]
              - name: volume9
                cinder: {volumeID: test}   # expect: 7 [restricted-volume-types]
              - name: volume10
                cephfs: {monitors: [test]}   # expect: 7 [restricted-volume-types]
              - name: volume11
                flocker: {datasetName: test}   # expect: 7 [restricted-volume-types]
              - name: volume12
                fc: {wwids: [test]}   # expect: 7 [restricted-volume-types]
              - name: volume13
                azureFile: {secretName: test, shareName: test}   # expect: 7 [restricted-volume-types]
              - name: volume14
                vsphereVolume: {volumePath: test}   # expect: 7 [restricted-volume-types]
              - name: volume15
                quobyte: {registry: "localhost:1234", volume: test}   # expect: 7 [restricted-volume-types]
              - name: volume16
                azureDisk: {diskName: test, diskURI: "https://test.blob.core.windows.net/test/test.vhd"}   # expect: 7 [restricted-volume-types]
              - name: volume17
                photonPersistentDisk: {pdID: test}   # expect: 7 [restricted-volume-types]
              - name: volume18
                portworxVolume: {volumeID: test, fsType: ext4}   # expect: 7 [restricted-volume-types]
              - name: volume19
                scaleIO: {volumeName: test, gateway: localhost, system: test}   # expect: 7 [restricted-volume-types]
              - name: volume20
                storageos: {volumeName: test}   # expect: 7 [restricted-volume-types]
            """,
        ),
        [
            volume("volume1", "gcePersistentDisk"),
            volume("volume2", "awsElasticBlockStore"),
            volume("volume3", "gitRepo"),
            volume("volume4", "nfs"),
            volume("volume5", "iscsi"),
            volume("volume6", "glusterfs"),
            volume("volume7", "rbd"),
            volume("volume8", "flexVolume"),
            volume("volume9", "cinder"),
            volume("volume10", "cephfs"),
            volume("volume11", "flocker"),
            volume("volume12", "fc"),
            volume("volume13", "azureFile"),
            volume("volume14", "vsphereVolume"),
            volume("volume15", "quobyte"),
            volume("volume16", "azureDisk"),
            volume("volume17", "photonPersistentDisk"),
            volume("volume18", "portworxVolume"),
            volume("volume19", "scaleIO"),
            volume("volume20", "storageos"),
        ],
        {},
    ),
    # a hostPath volume is restricted too, but host-path-volume (a baseline control) reports it
    (
        "volumes-host-path-left-to-baseline",
        pod(MINIMAL, "volumes: [{name: volume1, hostPath: {path: /dev/null}}]\n"),
        [],
        {},
    ),
    (
        "volumes-image-dropped-before-1.35",  # dropImageVolumes runs before admission
        pod(
            MINIMAL,
            """\
            volumes:
              - name: model
                image: {reference: "example/data:1.0"}
            """,
        ),
        [],
        {"kubernetes_version": "1.32"},
    ),
    # --- allowPrivilegeEscalation (fixtures_allowPrivilegeEscalation.go, check test 1_25) --------
    (
        "escalation-true-container",
        pod(
            POD_LEVEL,
            """\
            initContainers:
              - name: init
                image: busybox:1.37
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
            containers:
              - name: app
                image: nginx:1.27.2
                securityContext: {allowPrivilegeEscalation: true, capabilities: {drop: [ALL]}}   # expect: 51 [privilege-escalation]
            """,
        ),
        [escalation("app")],
        {},
    ),
    (
        "escalation-true-init-container",
        pod(
            POD_LEVEL,
            """\
            initContainers:
              - name: init
                image: busybox:1.37
                securityContext: {allowPrivilegeEscalation: true, capabilities: {drop: [ALL]}}   # expect: 51 [privilege-escalation]
            containers:
              - name: app
                image: nginx:1.27.2
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
            """,
        ),
        [escalation("init")],
        {},
    ),
    (
        "escalation-unset",
        pod(
            POD_LEVEL,
            """\
            initContainers:
              - name: init
                image: busybox:1.37
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
            containers:
              - name: app
                image: nginx:1.27.2
                securityContext: {capabilities: {drop: [ALL]}}   # expect: 7 [privilege-escalation]
            """,
        ),
        [escalation("app")],
        {},
    ),
    (
        "escalation-several-containers",  # TestAllowPrivilegeEscalation_1_25 "multiple containers"
        pod(
            POD_LEVEL,
            """\
            containers:
              - name: a   # expect: 7 [capabilities-drop-all], 7 [privilege-escalation]
                image: nginx:1.27.2
              - name: b
                image: nginx:1.27.2
                securityContext: {capabilities: {drop: [ALL]}}   # expect: 7 [privilege-escalation]
              - name: c
                image: nginx:1.27.2
                securityContext: {allowPrivilegeEscalation: true, capabilities: {drop: [ALL]}}   # expect: 51 [privilege-escalation]
              - name: d
                image: nginx:1.27.2
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
            """,
        ),
        [drop_all("a"), escalation("a"), escalation("b"), escalation("c")],
        {},
    ),
    (
        "escalation-windows-pod-exempt",
        pod(
            """\
            os: {name: windows}
            securityContext: {runAsNonRoot: true}
            containers:
              - name: a
                image: mcr.microsoft.com/windows/nanoserver:ltsc2022
            """,
        ),
        [],
        {},
    ),
    (
        "escalation-linux-pod",
        pod(
            """\
            os: {name: linux}
            securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
            containers:
              - name: a
                image: nginx:1.27.2
                securityContext: {capabilities: {drop: [ALL]}}   # expect: 7 [privilege-escalation]
            """,
        ),
        [escalation("a")],
        {},
    ),
    # --- runAsNonRoot (fixtures_runAsNonRoot.go, TestRunAsNonRoot) --------------------------------
    (
        "non-root-on-every-container",
        pod(
            """\
            securityContext: {seccompProfile: {type: RuntimeDefault}}
            initContainers:
              - name: init
                image: busybox:1.37
                securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
            containers:
              - name: app
                image: nginx:1.27.2
                securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
            """,
        ),
        [],
        {},
    ),
    (
        "non-root-unset-everywhere",
        pod("securityContext: {seccompProfile: {type: RuntimeDefault}}\n", CONTAINERS),
        [non_root_unset("init"), non_root_unset("app")],
        {},
    ),
    (
        "non-root-false-on-pod",  # the containers inherit it: one finding, at the pod
        pod(
            """\
            securityContext:
              runAsNonRoot: false   # expect: 19 [run-as-non-root]
              seccompProfile: {type: RuntimeDefault}
            """,
            CONTAINERS,
        ),
        [non_root_false("pod")],
        {},
    ),
    (
        "non-root-false-on-container",
        pod(
            POD_LEVEL,
            """\
            initContainers:
              - name: init
                image: busybox:1.37
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
            containers:
              - name: app
                image: nginx:1.27.2
                securityContext: {runAsNonRoot: false, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}   # expect: 39 [run-as-non-root]
            """,
        ),
        [non_root_false('container "app"')],
        {},
    ),
    (
        "non-root-false-on-init-container",
        pod(
            POD_LEVEL,
            """\
            initContainers:
              - name: init
                image: busybox:1.37
                securityContext: {runAsNonRoot: false, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}   # expect: 39 [run-as-non-root]
            containers:
              - name: app
                image: nginx:1.27.2
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
            """,
        ),
        [non_root_false('container "init"')],
        {},
    ),
    (
        # TestRunAsNonRoot "containers runAsNonRoot=false" and "pod nil, container fallthrough":
        # admission names the explicit false first; podlint reports the unset container too
        "non-root-false-and-unset",
        pod(
            """\
            securityContext: {seccompProfile: {type: RuntimeDefault}}
            containers:
              - name: c
                image: nginx:1.27.2
                securityContext: {runAsNonRoot: false, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}   # expect: 39 [run-as-non-root]
              - name: d
                image: nginx:1.27.2
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
              - name: e
                image: nginx:1.27.2
                securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
            """,
        ),
        # check_runAsNonRoot.go returns with the explicit setters: "d", unset, is not named
        [non_root_false('container "c"')],
        {},
    ),
    (
        "non-root-user-namespace-exempt",  # TestRunAsNonRoot "host users false allowed" (1.35+)
        pod("hostUsers: false\nsecurityContext: {seccompProfile: {type: RuntimeDefault}}\n", CONTAINERS),
        [],
        {},
    ),
    (
        "non-root-user-namespace-before-1.35",
        pod(
            """\
            hostUsers: false
            securityContext: {seccompProfile: {type: RuntimeDefault}}
            containers:
              - name: app
                image: nginx:1.27.2
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}   # expect: 7 [run-as-non-root]
            """,
        ),
        [non_root_unset("app")],
        {"kubernetes_version": "1.34"},
    ),
    # --- runAsUser (fixtures_runAsUser.go, TestRunAsUser) -----------------------------------------
    (
        "run-as-user-non-zero",
        pod(
            "securityContext: {runAsUser: 1000, runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n",
            CONTAINERS.replace("{allowPrivilegeEscalation", "{runAsUser: 1000, allowPrivilegeEscalation"),
        ),
        [],
        {},
    ),
    (
        "run-as-user-zero-on-pod",  # refused even though every container overrides it
        pod(
            """\
            securityContext:
              runAsUser: 0   # expect: 16 [run-as-root-user]
              runAsNonRoot: true
              seccompProfile: {type: RuntimeDefault}
            """,
            CONTAINERS.replace("{allowPrivilegeEscalation", "{runAsUser: 1000, allowPrivilegeEscalation"),
        ),
        [root("pod")],
        {},
    ),
    (
        "run-as-user-zero-on-containers",
        pod(
            POD_LEVEL,
            """\
            initContainers:
              - name: init
                image: busybox:1.37
                securityContext: {runAsUser: 0, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}   # expect: 36 [run-as-root-user]
            containers:
              - name: app
                image: nginx:1.27.2
                securityContext: {runAsUser: 0, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}   # expect: 36 [run-as-root-user]
            """,
        ),
        [root('container "init"'), root('container "app"')],
        {},
    ),
    (
        "run-as-user-user-namespace-exempt",
        pod(
            "hostUsers: false\nsecurityContext: {runAsUser: 0, seccompProfile: {type: RuntimeDefault}}\n",
            CONTAINERS,
        ),
        [],
        {},
    ),
    # --- seccompProfile_restricted (fixtures_seccompProfile_restricted.go, check test 1_25) -------
    (
        "seccomp-localhost-on-pod",
        pod(
            "securityContext: {runAsNonRoot: true, seccompProfile: {type: Localhost, localhostProfile: testing}}\n",
            CONTAINERS,
        ),
        [],
        {},
    ),
    (
        "seccomp-on-every-container",
        pod(
            """\
            securityContext: {runAsNonRoot: true}
            initContainers:
              - name: init
                image: busybox:1.37
                securityContext:
                  seccompProfile: {type: Localhost, localhostProfile: testing}
                  allowPrivilegeEscalation: false
                  capabilities: {drop: [ALL]}
            containers:
              - name: app
                image: nginx:1.27.2
                securityContext:
                  seccompProfile: {type: RuntimeDefault}
                  allowPrivilegeEscalation: false
                  capabilities: {drop: [ALL]}
            """,
        ),
        [],
        {},
    ),
    (
        "seccomp-unset-everywhere",
        pod("securityContext: {runAsNonRoot: true}\n", CONTAINERS),
        [seccomp("init"), seccomp("app")],
        {},
    ),
    (
        "seccomp-unset-init-container",
        pod(
            """\
            securityContext: {runAsNonRoot: true}
            initContainers:
              - name: init
                image: busybox:1.37
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}   # expect: 7 [seccomp-required]
            containers:
              - name: app
                image: nginx:1.27.2
                securityContext:
                  seccompProfile: {type: RuntimeDefault}
                  allowPrivilegeEscalation: false
                  capabilities: {drop: [ALL]}
            """,
        ),
        [seccomp("init")],
        {},
    ),
    (
        # an explicit Unconfined is seccomp-unconfined's (baseline, in restricted's words under
        # restricted); a container inheriting it is covered there, the unset one is reported
        "seccomp-unconfined-left-to-baseline",
        pod(
            """\
            securityContext: {runAsNonRoot: true}
            initContainers:
              - name: init
                image: busybox:1.37
                securityContext:
                  seccompProfile: {type: Unconfined}
                  allowPrivilegeEscalation: false
                  capabilities: {drop: [ALL]}
            containers:
              - name: app
                image: nginx:1.27.2
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
            """,
        ),
        # check_seccompProfile_restricted.go names only the container that sets a bad type (baseline's
        # seccomp-unconfined reports it); "app", unset, is not named
        [],
        {},
    ),
    (
        "seccomp-unconfined-on-pod-left-to-baseline",
        pod("securityContext: {runAsNonRoot: true, seccompProfile: {type: Unconfined}}\n", CONTAINERS),
        [],
        {},
    ),
    (
        "seccomp-windows-pod-exempt",
        pod(
            """\
            os: {name: windows}
            securityContext: {runAsNonRoot: true}
            containers:
              - name: a
                image: mcr.microsoft.com/windows/nanoserver:ltsc2022
            """,
        ),
        [],
        {},
    ),
    # --- capabilities_restricted (fixtures_capabilities_restricted.go) ----------------------------
    (
        "capabilities-drop-all-add-net-bind-service",
        pod(POD_LEVEL, CONTAINERS.replace("{drop: [ALL]}", "{drop: [ALL], add: [NET_BIND_SERVICE]}")),
        [],
        {},
    ),
    (
        "capabilities-drop-empty",
        pod(
            POD_LEVEL,
            """\
            initContainers:
              - name: init
                image: busybox:1.37
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: []}}   # expect: 73 [capabilities-drop-all]
            containers:
              - name: app
                image: nginx:1.27.2
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: []}}   # expect: 73 [capabilities-drop-all]
            """,
        ),
        [drop_all("init"), drop_all("app")],
        {},
    ),
    (
        "capabilities-dropped-one-by-one",  # dropping every capability by name is not enough
        pod(
            POD_LEVEL,
            """\
            containers:
              - name: app
                image: nginx:1.27.2
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities:
                    drop:   # expect: 11 [capabilities-drop-all]
                      - SYS_TIME
                      - SYS_MODULE
                      - SYS_RAWIO
                      - SYS_PACCT
                      - SYS_ADMIN
                      - SYS_NICE
                      - SYS_RESOURCE
                      - SYS_TTY_CONFIG
                      - MKNOD
                      - AUDIT_WRITE
                      - AUDIT_CONTROL
                      - MAC_OVERRIDE
                      - MAC_ADMIN
                      - NET_ADMIN
                      - SYSLOG
                      - CHOWN
                      - NET_RAW
                      - DAC_OVERRIDE
                      - FOWNER
                      - DAC_READ_SEARCH
                      - FSETID
                      - KILL
                      - SETGID
                      - SETUID
                      - LINUX_IMMUTABLE
                      - NET_BIND_SERVICE
                      - NET_BROADCAST
                      - IPC_LOCK
                      - IPC_OWNER
                      - SYS_CHROOT
                      - SYS_PTRACE
                      - SYS_BOOT
                      - LEASE
                      - SETFCAP
                      - WAKE_ALARM
                      - BLOCK_SUSPEND
            """,
        ),
        [drop_all("app")],
        {},
    ),
    (
        "capabilities-all-in-lower-case",  # admission compares with "ALL" exactly
        pod(
            POD_LEVEL,
            """\
            containers:
              - name: app
                image: nginx:1.27.2
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [all]}}   # expect: 73 [capabilities-drop-all]
            """,
        ),
        [drop_all("app")],
        {},
    ),
    (
        "capabilities-without-drop",
        pod(
            POD_LEVEL,
            """\
            containers:
              - name: app
                image: nginx:1.27.2
                securityContext: {allowPrivilegeEscalation: false, capabilities: {add: [NET_BIND_SERVICE]}}   # expect: 58 [capabilities-drop-all]
            """,
        ),
        [drop_all("app")],
        {},
    ),
    # --- every container: native sidecars, ephemeral containers; a Deployment's template -------
    (
        "native-sidecar-and-ephemeral-container",
        pod(
            MINIMAL,
            """\
            ephemeralContainers:
              - name: debugger   # expect: 7 [capabilities-drop-all], 7 [privilege-escalation]
                image: busybox:1.37
                targetContainerName: app
            """,
        ).replace(
            "  initContainers:\n",
            "  initContainers:\n"
            "    - name: proxy\n"
            "      image: envoyproxy/envoy:v1.31.0\n"
            "      restartPolicy: Always\n"
            "      securityContext: {runAsUser: 0}   # expect: 7 [capabilities-drop-all], 7 [privilege-escalation], 36 [run-as-root-user]\n",
        ),
        [
            drop_all("proxy"),
            escalation("proxy"),
            root('container "proxy"'),
            drop_all("debugger"),
            escalation("debugger"),
        ],
        {},
    ),
    (
        "deployment-template-nothing-set",
        deployment(
            """\
            containers:
              - name: web   # expect: 11 [capabilities-drop-all], 11 [privilege-escalation], 11 [run-as-non-root], 11 [seccomp-required]
                image: nginx:1.27.2
            """,
        ),
        [drop_all("web"), escalation("web"), non_root_unset("web"), seccomp("web")],
        {},
    ),
    (
        "deployment-template-restricted",
        deployment(
            """\
            securityContext:
              runAsNonRoot: true
              runAsUser: 10001
              seccompProfile: {type: RuntimeDefault}
            containers:
              - name: web
                image: nginx:1.27.2
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
            volumes:
              - {name: cache, emptyDir: {}}
              - {name: config, configMap: {name: web}}
            """,
        ),
        [],
        {},
    ),
]

# Two cases above keep their markers in text built by replace(): give them their markers here.
_UNSET_EVERYWHERE = {
    "non-root-unset-everywhere": "run-as-non-root",
    "seccomp-unset-everywhere": "seccomp-required",
}


def _marked(case_id: str, manifest: str) -> str:
    """The manifest with markers on both containers' securityContext lines, for the cases that
    build their text from CONTAINERS (whose lines cannot carry a marker for every case)."""
    rule_id = _UNSET_EVERYWHERE.get(case_id)
    if rule_id is None:
        return manifest
    marker = f"   # expect: 7 [{rule_id}]"
    return "\n".join(
        line + marker if line.startswith("      securityContext: {allowPrivilegeEscalation") else line
        for line in manifest.split("\n")
    )


def _lint(manifest: str, settings: dict, select=RESTRICTED_RULES, pod_security="restricted"):
    config = Config(select=list(select), pod_security=pod_security, **settings)
    return Linter(config).lint_text(manifest, "case.yaml")


@pytest.mark.parametrize(
    "manifest, messages, settings",
    [
        pytest.param(_marked(case_id, manifest), messages, settings, id=case_id)
        for case_id, manifest, messages, settings in CASES
    ],
)
def test_restricted_conformance(manifest, messages, settings):
    report = _lint(manifest, settings)
    found = [(f.line, f.column, f.rule) for f in report.findings]
    assert found == markers(manifest)
    assert [f.message for f in report.findings] == messages
    assert all(f.severity == Severity.ERROR for f in report.findings)


def test_every_case_is_well_formed_yaml():
    syntax = Linter(Config(select=["syntax"]))
    for case_id, manifest, _, _ in CASES:
        assert syntax.lint_text(_marked(case_id, manifest), "case.yaml").findings == [], case_id
    assert syntax.lint_text(EVERYTHING_WRONG, "case.yaml").findings == []


def test_the_table_covers_every_control_both_ways():
    failing = {rule for case_id, manifest, _, _ in CASES for _, _, rule in markers(_marked(case_id, manifest))}
    assert failing == set(RESTRICTED_RULES)
    assert sum(1 for _, _, messages, _ in CASES if not messages) >= 12


# --- which level speaks: explicit violations warn with no level, the rest wait for restricted ----

EVERYTHING_WRONG = pod(
    """\
    securityContext:
      runAsNonRoot: false   # expect: 19 [run-as-non-root]
    containers:
      - name: app
        image: nginx:1.27.2
        securityContext:   # expect: 7 [seccomp-required]
          allowPrivilegeEscalation: true   # expect: 35 [privilege-escalation]
          runAsUser: 0   # expect: 20 [run-as-root-user]
          capabilities: {add: [NET_BIND_SERVICE]}   # expect: 9 [capabilities-drop-all]
    volumes:
      - name: data
        nfs: {server: nfs.example.com, path: /exports}   # expect: 7 [restricted-volume-types]
    """
)
EXPLICIT = {"privilege-escalation", "run-as-non-root", "run-as-root-user"}


def test_no_level_reports_only_what_is_set_explicitly_as_warnings():
    report = _lint(EVERYTHING_WRONG, {}, pod_security=None)
    assert {f.rule for f in report.findings} == EXPLICIT
    assert all(f.severity == Severity.WARNING for f in report.findings)
    assert [(f.line, f.column, f.rule) for f in report.findings] == [
        (line, column, rule) for line, column, rule in markers(EVERYTHING_WRONG) if rule in EXPLICIT
    ]


def test_baseline_level_keeps_restricted_explicit_violations_warnings():
    report = _lint(EVERYTHING_WRONG, {}, pod_security="baseline")
    assert {f.rule for f in report.findings} == EXPLICIT
    assert all(f.severity == Severity.WARNING for f in report.findings)


def test_restricted_level_reports_everything_as_errors():
    report = _lint(EVERYTHING_WRONG, {})
    assert [(f.line, f.column, f.rule) for f in report.findings] == markers(EVERYTHING_WRONG)
    assert all(f.severity == Severity.ERROR for f in report.findings)


@pytest.mark.parametrize(
    "mode, severity", [("enforce", Severity.ERROR), ("warn", Severity.WARNING), ("audit", Severity.WARNING)]
)
def test_a_namespace_label_applies_the_level_to_its_pods(mode, severity):
    namespace = f"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/{mode}: restricted\n---\n"
    in_shop = EVERYTHING_WRONG.replace("  name: test\n", "  name: test\n  namespace: shop\n", 1)
    report = _lint(namespace + in_shop, {}, pod_security=None)
    assert {f.rule for f in report.findings} == set(RESTRICTED_RULES)
    assert all(f.severity == severity for f in report.findings)
    # admission's words: an enforced level is violated, a warn or audit label's would be
    prefix = R if mode == "enforce" else 'would violate PodSecurity "restricted:latest": '
    assert all(f.message.startswith(prefix) for f in report.findings)
    # a pod of another namespace: only the explicit violations, as warnings
    elsewhere = _lint(namespace + EVERYTHING_WRONG, {}, pod_security=None)
    assert {f.rule for f in elsewhere.findings} == EXPLICIT
    assert all(f.severity == Severity.WARNING for f in elsewhere.findings)


def test_malformed_security_contexts_read_as_absent():
    manifest = pod(
        """\
        securityContext: [runAsNonRoot]
        containers:
          - name: app
            image: nginx:1.27.2
            securityContext:
              runAsNonRoot: "true"
              runAsUser: "0"
              allowPrivilegeEscalation: "false"
              seccompProfile: RuntimeDefault
              capabilities: {drop: ALL}
        volumes: [{name: data, nfs: "nfs.example.com:/exports"}, null, 7]   # an nfs that is no mapping: no source
        """
    )
    report = _lint(manifest, {})
    assert sorted(f.rule for f in report.findings) == [
        "capabilities-drop-all",
        "privilege-escalation",
        "run-as-non-root",
        "seccomp-required",
    ]


# --- beyond the standards ------------------------------------------------------------------------


def _hardening(manifest: str, rule_id: str):
    return Linter(Config(select=[rule_id])).lint_text(manifest, "case.yaml").findings


@pytest.mark.parametrize(
    "path, message",
    [
        ("/var/run/docker.sock", "mounts the container runtime socket /var/run/docker.sock"),
        ("/run/docker.sock", "mounts the container runtime socket /run/docker.sock"),
        ("//var/run//docker.sock", "mounts the container runtime socket //var/run//docker.sock"),
        ("/run/containerd/../containerd/containerd.sock", "mounts the container runtime socket "),
        ("/var/run/crio/crio.sock", "mounts the container runtime socket /var/run/crio/crio.sock"),
        ("/run/k3s/containerd/containerd.sock", "mounts the container runtime socket "),
        ("\\\\.\\pipe\\docker_engine", "mounts the container runtime socket \\\\.\\pipe\\docker_engine"),
        ("/var/run/", "mounts /var/run/, which holds the container runtime sockets"),
        ("/run", "mounts /run, which holds the container runtime sockets"),
        ("/run/containerd", "mounts /run/containerd, which holds the container runtime sockets"),
        ("/", "mounts /, which holds the container runtime sockets"),
        ("/var", None),  # /var/run in it is a link, resolved inside the container
        ("/var/lib/docker", None),
        ("/run/user/1000", None),
        ("/var/run/docker.sock.bak", None),
    ],
)
def test_docker_socket_mount_paths(path, message):
    manifest = pod(
        f"""\
        containers:
          - name: app
            image: nginx:1.27.2
            volumeMounts: [{{name: runtime, mountPath: /runtime}}]
        volumes:
          - name: runtime
            hostPath:
              path: '{path}'
        """
    )
    findings = _hardening(manifest, "docker-socket-mount")
    if message is None:
        assert findings == []
    else:
        assert [(f.line, f.column, f.severity) for f in findings] == [(13, 15, Severity.ERROR)]
        assert findings[0].message.startswith(f'volume "runtime" {message}')


def test_writable_host_path_skips_what_read_only_does_not_protect():
    manifest = pod(
        """\
        containers:
          - name: agent
            image: example/agent:1.0.0
            volumeMounts:
              - {name: docker, mountPath: /var/run/docker.sock}
              - {name: syslog, mountPath: /dev/log}
              - {name: devices, mountPath: /host/dev}
              - {name: kvm, mountPath: /dev/kvm}
              - {name: shm, mountPath: /host/shm}   # expect: 11 [writable-host-path]
              - {name: logs, mountPath: /host/logs, readOnly: true}
              - {name: config, mountPath: /host/etc, readOnly: false}   # expect: 58 [writable-host-path]
        volumes:
          - {name: docker, hostPath: {path: /var/run/docker.sock}}
          - {name: syslog, hostPath: {path: /dev/log}}
          - {name: devices, hostPath: {path: /dev}}
          - {name: kvm, hostPath: {path: /srv/kvm, type: CharDevice}}
          - {name: shm, hostPath: {path: /dev/shm}}
          - {name: logs, hostPath: {path: /var/log}}
          - {name: config, hostPath: {path: /etc}}
        """
    )
    findings = _hardening(manifest, "writable-host-path")
    assert [(f.line, f.column, f.rule) for f in findings] == markers(manifest)
    assert [f.message for f in findings] == [
        'container "agent" mounts the host\'s /dev/shm (volume "shm") read-write',
        'container "agent" mounts the host\'s /etc (volume "config") read-write',
    ]


@pytest.mark.parametrize(
    "name, reported",
    [
        ("DB_PASSWORD", True),
        ("MYSQL_ROOT_PASSWORD", True),
        ("smtpPass", True),
        ("githubToken", True),
        ("JWT_SECRET", True),
        ("CLIENT_SECRET", True),
        ("AWS_SECRET_ACCESS_KEY", True),
        ("STRIPE_API_KEY", True),
        ("APIKEY", True),
        ("ENCRYPTION_KEY", True),
        ("GOOGLE_CREDENTIALS", True),
        ("PASSWORD_FILE", False),
        ("TOKEN_URL", False),
        ("SECRET_NAME", False),
        ("AWS_ACCESS_KEY_ID", False),
        ("CACHE_KEY", False),
        ("KEY", False),
        ("PWD", False),
        ("BYPASS", False),
        ("TOKENIZER_MODEL", False),
        ("ETCD_INITIAL_CLUSTER_TOKEN", False),  # an identifier, not a secret
        ("ETCD_DISCOVERY_TOKEN", True),
    ],
)
def test_secret_in_env_names(name, reported):
    manifest = pod(
        f"""\
        containers:
          - name: app
            image: example/app:1.0.0
            env:
              - name: {name}
                value: s3cr3t-v4lue
        """
    )
    findings = _hardening(manifest, "secret-in-env")
    assert [f.message for f in findings] == (
        [f'container "app" sets secret-looking env var "{name}" to a literal value'] if reported else []
    )


@pytest.mark.parametrize(
    "value",
    ["", "/run/secrets/db", "$(DB_PASSWORD)", "${DB_PASSWORD}", "vault:secret/data/db#password", "true", "none"],
)
def test_secret_in_env_values_that_are_not_the_secret(value):
    manifest = pod(
        f"""\
        containers:
          - name: app
            image: example/app:1.0.0
            env: [{{name: DB_PASSWORD, value: "{value}"}}]
        """
    )
    assert _hardening(manifest, "secret-in-env") == []


SECRET_VALUE = "hunter2-do-not-print"


@pytest.mark.parametrize(
    "env",
    [
        f"env:\n  - name: DB_PASSWORD\n    value: {SECRET_VALUE}\n",
        f"env:\n  - {{name: DB_PASSWORD, value: {SECRET_VALUE}}}\n",
        f"env: [{{name: DB_PASSWORD, value: {SECRET_VALUE}}}]\n",
        f"env:\n  - value: {SECRET_VALUE}\n    name: DB_PASSWORD\n",
    ],
    ids=["block", "flow-item", "flow-list", "value-first"],
)
def test_secret_in_env_never_shows_the_value(env, tmp_path):
    from conftest import run_cli

    container = "containers:\n  - name: app\n    image: example/app:1.0.0\n" + textwrap.indent(env, "    ")
    manifest = tmp_path / "pod.yaml"
    manifest.write_text(pod(container))
    result = run_cli("lint", "--select", "secret-in-env", str(manifest))
    output = result.stdout.decode()
    assert 'env var "DB_PASSWORD"' in output
    assert SECRET_VALUE not in output


def test_automount_service_account_token_on_the_default_account_only():
    def spec(extra: str) -> str:
        return pod(extra, 'containers: [{name: app, image: "example/app:1.0.0"}]\n')

    assert [
        f.message for f in _hardening(spec("serviceAccountName: default\n"), "automount-service-account-token")
    ] == ["the pod mounts the default service account's API token (automountServiceAccountToken is not false)"]
    for extra in (
        "automountServiceAccountToken: false\n",
        "automountServiceAccountToken: true\n",
        "serviceAccountName: backup-operator\n",
        "serviceAccount: backup-operator\n",
    ):
        assert _hardening(spec(extra), "automount-service-account-token") == [], extra


def test_what_baseline_reports_is_not_reported_again():
    """An Unconfined seccomp profile, a hostPath volume and an added capability are restricted
    violations too, but the baseline rules report them (in restricted's words there): one
    finding per field, whichever rules run."""
    manifest = pod(
        """\
        securityContext: {runAsNonRoot: true, seccompProfile: {type: Unconfined}}
        containers:
          - name: app
            image: nginx:1.27.2
            securityContext:
              allowPrivilegeEscalation: false
              capabilities: {drop: [ALL], add: [SYS_ADMIN]}
              seccompProfile: {type: Unconfined}
        volumes: [{name: host, hostPath: {path: /srv}}]
        """
    )
    baseline = ["seccomp-unconfined", "host-path-volume", "added-capabilities"]
    report = _lint(manifest, {}, select=[*RESTRICTED_RULES, *baseline])
    assert sorted(f.rule for f in report.findings) == sorted(
        ["seccomp-unconfined", "seccomp-unconfined", "host-path-volume", "added-capabilities"]
    )
    assert len({(f.line, f.column) for f in report.findings}) == len(report.findings)
    assert all(f.message.startswith(R) for f in report.findings)
