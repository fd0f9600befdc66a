//! The deployment files parse and agree with each other and with the server: the port, the
//! health check, the user, the names the autoscaler and the Service point at.

use yaml_rust2::{Yaml, YamlLoader};

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn manifests() -> Vec<Yaml> {
    YamlLoader::load_from_str(&read("deploy/kubernetes.yaml")).expect("deploy/kubernetes.yaml is YAML")
}

fn of_kind<'a>(documents: &'a [Yaml], kind: &str) -> &'a Yaml {
    documents.iter().find(|d| d["kind"].as_str() == Some(kind)).unwrap_or_else(|| panic!("no {kind}"))
}

/// The Dockerfile's instructions of the last stage, as (keyword, arguments), continuation lines
/// joined.
fn runtime_stage() -> Vec<(String, String)> {
    let text = read("deploy/Dockerfile").replace("\\\n", " ");
    let instructions: Vec<(String, String)> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (keyword, arguments) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            (keyword.to_uppercase(), arguments.split_whitespace().collect::<Vec<_>>().join(" "))
        })
        .collect();
    let stages: Vec<usize> =
        instructions.iter().enumerate().filter(|(_, (k, _))| k == "FROM").map(|(i, _)| i).collect();
    assert!(stages.len() >= 2, "a multi-stage build");
    instructions[*stages.last().unwrap()..].to_vec()
}

#[test]
fn the_image_runs_the_server_unprivileged_on_the_port_it_exposes() {
    let stage = runtime_stage();
    let values = |keyword: &str| -> Vec<&str> {
        stage.iter().filter(|(k, _)| k == keyword).map(|(_, arguments)| arguments.as_str()).collect()
    };
    let env = values("ENV").join(" ");
    assert!(env.contains("LEPTOS_SITE_ADDR=0.0.0.0:3000"), "{env}");
    assert!(env.contains("LEPTOS_OUTPUT_NAME=kms-hsm-advisor"), "{env}");
    assert!(env.contains("ADVISOR_RULES_DIR=/app/rules"), "{env}");
    assert!(env.contains("LEPTOS_HASH_FILES=true"), "the site's asset names carry hashes: {env}");
    assert_eq!(values("EXPOSE"), ["3000"]);
    assert_eq!(values("USER"), ["10001"], "not root");
    assert_eq!(values("ENTRYPOINT"), [r#"["/app/kms-hsm-advisor"]"#]);
    let copied = values("COPY").join("\n");
    for what in ["target/release/kms-hsm-advisor", "target/release/hash.txt", "target/site", "rules"] {
        assert!(copied.contains(&format!("/src/{what} ")), "the image copies {what}");
    }
}

#[test]
fn the_manifests_probe_health_and_scale_the_deployment() {
    let documents = manifests();
    let deployment = of_kind(&documents, "Deployment");
    let name = deployment["metadata"]["name"].as_str().unwrap();
    let pod = &deployment["spec"]["template"];
    let labels = &pod["metadata"]["labels"];
    assert_eq!(deployment["spec"]["selector"]["matchLabels"], *labels);
    let container = &pod["spec"]["containers"][0];
    let port = &container["ports"][0];
    assert_eq!(port["containerPort"].as_i64(), Some(3000), "the image's port");
    for probe in ["readinessProbe", "livenessProbe"] {
        assert_eq!(container[probe]["httpGet"]["path"].as_str(), Some("/healthz"), "{probe}");
        assert_eq!(container[probe]["httpGet"]["port"], port["name"], "{probe}");
    }
    assert_eq!(pod["spec"]["securityContext"]["runAsUser"].as_i64(), Some(10001), "the image's user");
    let grace = pod["spec"]["terminationGracePeriodSeconds"].as_i64().unwrap();
    assert!(grace > 10, "longer than the request timeout, so requests in flight finish");

    let service = of_kind(&documents, "Service");
    assert_eq!(service["spec"]["selector"], *labels);
    assert_eq!(service["spec"]["ports"][0]["targetPort"], port["name"]);

    let autoscaler = of_kind(&documents, "HorizontalPodAutoscaler");
    assert_eq!(autoscaler["spec"]["scaleTargetRef"]["kind"].as_str(), Some("Deployment"));
    assert_eq!(autoscaler["spec"]["scaleTargetRef"]["name"].as_str(), Some(name));
    assert!(autoscaler["spec"]["minReplicas"].as_i64().unwrap() >= 2, "more than one instance");
}
