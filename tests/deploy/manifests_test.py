#!/usr/bin/python3
"""deploy/ agrees with itself and with the real dms-host.

The Kubernetes manifests parse (python3-yaml) and fit together: the Service selects the Deployment's pods
on the container's port, which is DMS_PORT; the probes name paths the host answers (asked of a running
dms-host); every DMS_* name in the ConfigMap, the Deployment, the Dockerfile and the systemd unit is a
setting of `dms-host --help`, and the ConfigMap's values pass the host's own validation (--show-config);
the Secret, the Redis StatefulSet and its Service, the data directory and the non-root user line up.

usage: manifests_test.py DEPLOY_DIR DMS_HOST_BINARY PLUGIN_DIR
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import yaml

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def load_manifests(directory):
    manifests = {}
    for name in sorted(os.listdir(directory)):
        if not name.endswith((".yaml", ".yml")):
            continue
        with open(os.path.join(directory, name)) as stream:
            for document in yaml.safe_load_all(stream):
                if document:
                    key = document["metadata"]["name"] if "metadata" in document else name
                    manifests[(document["kind"], key)] = document
    return manifests


def host_settings(binary):
    """Every DMS_* variable dms-host knows, from its --help."""
    output = subprocess.run([binary, "--help"], capture_output=True, text=True, check=True, env={}).stdout
    return set(re.findall(r"\b(DMS_[A-Z0-9_]+)\b", output))


def same_setting(effective, text):
    """A value of --show-config (JSON) against the text of a variable: 25.0 is "25", true is "true"."""
    try:
        return float(effective) == float(text)
    except (TypeError, ValueError):
        return str(effective).lower() == text.lower()


def selects(selector, labels):
    return bool(selector) and all(labels.get(key) == value for key, value in selector.items())


def probe_paths(container):
    paths = {}
    for kind in ("livenessProbe", "readinessProbe", "startupProbe"):
        probe = container.get(kind)
        if probe and "httpGet" in probe:
            paths[kind] = probe["httpGet"]
    return paths


def ask_running_host(binary, plugin_dir, paths):
    """Starts dms-host on a free port and returns {path: status} for each path."""
    with tempfile.TemporaryDirectory(prefix="dms-deploy-test-") as work:
        port_file = os.path.join(work, "port")
        env = {"DMS_HOST": "127.0.0.1", "DMS_PORT": "0", "DMS_PORT_FILE": port_file,
               "DMS_DATA_DIR": os.path.join(work, "data"), "DMS_PLUGIN_DIR": plugin_dir,
               "DMS_OPERATOR_TOKEN": "deploy-test", "DMS_LOG_LEVEL": "warning", "DMS_WORKER_COUNT": "1"}
        with open(os.path.join(work, "host.log"), "w") as log:
            host = subprocess.Popen([binary], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.time() + 15
            while not (os.path.exists(port_file) and open(port_file).read().endswith("\n")):
                if host.poll() is not None or time.time() > deadline:
                    raise RuntimeError("dms-host did not start:\n" + open(os.path.join(work, "host.log")).read())
                time.sleep(0.05)
            port = int(open(port_file).read())
            statuses = {}
            for path in paths:
                try:
                    statuses[path] = urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5).status
                except urllib.error.HTTPError as error:
                    statuses[path] = error.code
            return statuses
        finally:
            host.terminate()
            host.wait(timeout=30)


def check_kubernetes(manifests, settings, binary, plugin_dir, kustomization_files):
    config = manifests[("ConfigMap", "dms-config")]["data"]
    deployment = manifests[("Deployment", "dms-host")]
    service = manifests[("Service", "dms-host")]
    secret = manifests[("Secret", "dms-operator-token")]
    pod = deployment["spec"]["template"]
    container = pod["spec"]["containers"][0]

    for key, value in config.items():
        check(key in settings, f"ConfigMap key {key} is not a dms-host setting")
        check(isinstance(value, str), f"ConfigMap {key}: values must be strings, got {value!r}")
    env_names = {item["name"] for item in container.get("env", [])}
    for name in env_names:
        check(name in settings, f"Deployment env {name} is not a dms-host setting")
    check("DMS_OPERATOR_TOKEN" not in config, "the operator token belongs in the Secret, not the ConfigMap")

    # The ConfigMap's values are what the host accepts (it validates every setting and exits 2 if not).
    shown = subprocess.run([binary, "--show-config"], capture_output=True, text=True,
                           env={**config, "DMS_OPERATOR_TOKEN": "x"})
    if check(shown.returncode == 0, f"dms-host refuses the ConfigMap's settings: {shown.stderr.strip()}"):
        effective = json.loads(shown.stdout)
        for key, value in config.items():
            check(same_setting(effective.get(key), value),
                  f"--show-config has {key}={effective.get(key)!r}, ConfigMap {value!r}")

    # Labels, selectors, ports.
    labels = pod["metadata"]["labels"]
    check(selects(deployment["spec"]["selector"]["matchLabels"], labels), "Deployment selector does not match its pods")
    check(selects(service["spec"]["selector"], labels), "Service dms-host does not select the Deployment's pods")
    budget = manifests.get(("PodDisruptionBudget", "dms-host"))
    if check(budget, "no PodDisruptionBudget for dms-host"):
        check(selects(budget["spec"]["selector"]["matchLabels"], labels),
              "the PodDisruptionBudget does not select the Deployment's pods")
        check(budget["spec"].get("maxUnavailable") == 1 or budget["spec"].get("minAvailable", 0) >= 1,
              "the PodDisruptionBudget lets every replica go at once")
        check(deployment["spec"]["replicas"] >= 2, "a PodDisruptionBudget needs at least two replicas")
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    check(ports.get("http") == int(config["DMS_PORT"]),
          f"containerPort http {ports.get('http')} is not DMS_PORT {config['DMS_PORT']}")
    for port in service["spec"]["ports"]:
        target = port["targetPort"]
        check(target in ports or target in ports.values(), f"Service targetPort {target} is no container port")

    # The Secret and the ConfigMap the pod reads exist, with the keys it reads.
    for source in container.get("envFrom", []):
        check(("ConfigMap", source["configMapRef"]["name"]) in manifests, "envFrom names a missing ConfigMap")
    for item in container.get("env", []):
        ref = item.get("valueFrom", {}).get("secretKeyRef")
        if ref:
            check(ref["name"] == secret["metadata"]["name"] and ref["key"] in secret.get("stringData", {}),
                  f"secretKeyRef {ref} is not in Secret dms-operator-token")

    # Probes: paths the host really answers, on the http port.
    probes = probe_paths(container)
    check("livenessProbe" in probes and "readinessProbe" in probes, "the host needs liveness and readiness probes")
    for kind, probe in probes.items():
        check(probe["port"] in ports or probe["port"] in ports.values(),
              f"{kind} port {probe['port']} is no container port")
    statuses = ask_running_host(binary, plugin_dir, sorted({probe["path"] for probe in probes.values()}))
    for kind, probe in probes.items():
        check(statuses[probe["path"]] == 200, f"{kind} {probe['path']}: the host answers {statuses[probe['path']]}")
    check(probes.get("livenessProbe", {}).get("path") == "/healthz",
          "liveness should be /healthz (readiness may fail while the store is down)")
    check(probes.get("readinessProbe", {}).get("path") == "/readyz", "readiness should be /readyz")

    # Resources, shutdown grace, data directory, non-root.
    resources = container.get("resources", {})
    check("requests" in resources and "limits" in resources, "the container needs resource requests and limits")
    check(pod["spec"].get("terminationGracePeriodSeconds", 30) > float(config.get("DMS_SHUTDOWN_GRACE_SECONDS", 25)),
          "terminationGracePeriodSeconds must exceed DMS_SHUTDOWN_GRACE_SECONDS")
    mounts = {mount["mountPath"] for mount in container.get("volumeMounts", [])}
    check(config["DMS_DATA_DIR"] in mounts, "DMS_DATA_DIR is not a mounted volume")
    security = pod["spec"].get("securityContext", {})
    check(security.get("runAsNonRoot") is True and security.get("runAsUser", 0) != 0, "the pod must run as non-root")

    # Redis: a StatefulSet with a persistent volume behind a headless Service named in DMS_REDIS_WRITE_URL.
    redis_set = manifests[("StatefulSet", "dms-redis")]
    redis_service = manifests[("Service", redis_set["spec"]["serviceName"])]
    redis_pod = redis_set["spec"]["template"]
    redis_container = redis_pod["spec"]["containers"][0]
    check(redis_service["spec"].get("clusterIP") == "None", "the Redis Service should be headless")
    check(selects(redis_service["spec"]["selector"], redis_pod["metadata"]["labels"]),
          "the Redis Service does not select Redis")
    check(not selects(service["spec"]["selector"], redis_pod["metadata"]["labels"]),
          "Service dms-host also selects Redis")
    claims = {claim["metadata"]["name"] for claim in redis_set["spec"].get("volumeClaimTemplates", [])}
    redis_mounts = {mount["name"]: mount["mountPath"] for mount in redis_container.get("volumeMounts", [])}
    check(claims and claims <= set(redis_mounts), "Redis has no persistent volume claim mounted")
    args = redis_container.get("args", [])
    check("--appendonly" in args and args[args.index("--appendonly") + 1] == "yes",
          "Redis should keep an append-only file")
    if "--dir" in args:
        check(args[args.index("--dir") + 1] in redis_mounts.values(), "Redis --dir is not on its volume")
    check(config.get("DMS_STORE") == "redis", "the Deployment runs several replicas: DMS_STORE must be redis")
    url = re.match(r"redis://(?:[^@]*@)?([^:/]+)(?::(\d+))?", config.get("DMS_REDIS_WRITE_URL", ""))
    if check(url, "DMS_REDIS_WRITE_URL is not a redis:// URL"):
        name = f"{redis_set['metadata']['name']}-0.{redis_service['metadata']['name']}"
        check(url.group(1) in (name, redis_service["metadata"]["name"]),
              f"DMS_REDIS_WRITE_URL host {url.group(1)} is not {name}")
        redis_ports = [port["containerPort"] for port in redis_container["ports"]]
        check(int(url.group(2) or 6379) in redis_ports, "DMS_REDIS_WRITE_URL port is not Redis's port")

    listed = set(manifests[("Kustomization", "kustomization.yaml")]["resources"])
    check(listed == kustomization_files,
          f"kustomization.yaml lists {sorted(listed)}, the folder has {sorted(kustomization_files)}")
    return config


def check_dockerfile(path, settings, config):
    text = open(path).read().replace("\\\n", " ")
    stages = re.findall(r"^FROM\s+(\S+)", text, re.M)
    check(len(stages) >= 2 and all(stage.startswith("debian:bookworm") for stage in stages),
          f"Dockerfile: expected a multi-stage build on debian:bookworm, got {stages}")
    final = text[text.rindex("\nFROM"):]
    user = re.findall(r"^USER\s+(\S+)", final, re.M)
    check(user and user[-1].split(":")[0] not in ("root", "0"),
          "Dockerfile: the final stage must run as a non-root USER")
    check(re.search(r"^HEALTHCHECK .*/healthz", final, re.M), "Dockerfile: HEALTHCHECK must ask /healthz")
    check(re.search(rf"^VOLUME .*{re.escape(config['DMS_DATA_DIR'])}", final, re.M),
          "Dockerfile: VOLUME is not DMS_DATA_DIR")
    check(re.search(rf"^EXPOSE\s+{config['DMS_PORT']}\b", final, re.M), "Dockerfile: EXPOSE is not DMS_PORT")
    check("--build-only" in text and "install-deps.sh" in text,
          "Dockerfile: the build stage should use scripts/install-deps.sh")
    check(re.search(r"useradd .*--uid 10001", final),
          "Dockerfile: the dms user should have the fixed uid 10001 of the manifests")
    for name in re.findall(r"\b(DMS_[A-Z0-9_]+)=", final):
        check(name in settings, f"Dockerfile ENV {name} is not a dms-host setting")


def check_systemd_unit(path, settings):
    text = open(path).read()
    for name in re.findall(r"^Environment=(DMS_[A-Z0-9_]+)=", text, re.M):
        check(name in settings, f"dms-host.service: {name} is not a dms-host setting")
    data_dir = re.search(r"^Environment=DMS_DATA_DIR=(\S+)", text, re.M)
    writable = re.findall(r"^ReadWritePaths=(.+)$", text, re.M)
    check(data_dir and writable and data_dir.group(1) in " ".join(writable).split(),
          "dms-host.service: DMS_DATA_DIR must be among ReadWritePaths")


def main():
    deploy_dir, binary, plugin_dir = sys.argv[1:4]
    settings = host_settings(binary)
    check(len(settings) > 15 and "DMS_PORT" in settings, f"dms-host --help lists too few settings: {sorted(settings)}")
    kube_dir = os.path.join(deploy_dir, "kubernetes")
    manifests = load_manifests(kube_dir)
    files = {name for name in os.listdir(kube_dir) if name.endswith(".yaml") and name != "kustomization.yaml"}
    config = check_kubernetes(manifests, settings, binary, plugin_dir, files)
    check_dockerfile(os.path.join(deploy_dir, "Dockerfile"), settings, config)
    check_systemd_unit(os.path.join(deploy_dir, "systemd", "dms-host.service"), settings)
    for failure in failures:
        print(f"FAIL: {failure}")
    print(f"{len(manifests)} manifests, Dockerfile, systemd unit: {len(failures)} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
