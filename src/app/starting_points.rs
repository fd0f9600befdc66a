//! Starting points on the advisor's first screen: typical states a newcomer opens in one click,
//! each with what it stands for in words, so the advisor shows what it does before any answer.

use std::sync::OnceLock;

use leptos::prelude::*;

/// A typical state: its name, what it stands for, its query, and the option the shipped rules
/// advise for it (a test holds them to it).
pub struct StartingPoint {
    pub title: &'static str,
    pub words: &'static str,
    pub query: &'static str,
    pub advised: &'static str,
}

/// The starting points, the most common first.
pub const STARTING_POINTS: [StartingPoint; 6] = [
    StartingPoint {
        title: "A PCI payments platform on S3 and RDS",
        words: "Card data in S3 and RDS; the QSA asks for keys in FIPS 140-2 Level 3 HSMs.",
        query: "fips=3&integration=aws&keys=20&requests=50M&region=eu-central-1\
                &context=PCI%20DSS%20card%20data%20in%20S3%20and%20RDS%3B%20the%20QSA%20asks%20for%20FIPS%20140-2%20Level%203%20HSMs",
        advised: "kms",
    },
    StartingPoint {
        title: "A HIPAA workload",
        words: "Health records in S3, DynamoDB and EBS, keys rotated every year.",
        query: "integration=aws&rotation=365&keys=30&requests=20M\
                &context=HIPAA%3A%20health%20records%20in%20S3%2C%20DynamoDB%20and%20EBS",
        advised: "kms",
    },
    StartingPoint {
        title: "Keys outside AWS for an EU bank",
        words: "The regulator wants key material kept on the bank's own HSMs, outside AWS.",
        query: "custody=external&integration=aws&keys=15&requests=30M&region=eu-west-1&external_usd=4000\
                &context=EU%20bank%3A%20key%20material%20must%20stay%20on%20our%20own%20HSMs%20outside%20AWS",
        advised: "external_key_store",
    },
    StartingPoint {
        title: "Code signing for releases",
        words: "A few asymmetric keys that sign builds and release artifacts from CI.",
        query: "integration=custom&usage=sign&keys=4&requests=0&asymmetric_requests=200k&peak_ops=20\
                &context=Code%20signing%20for%20release%20builds%20in%20CI",
        advised: "kms",
    },
    StartingPoint {
        title: "A multi-tenant SaaS, a key per tenant",
        words: "5,000 tenants, each with its own customer managed key, through S3 and the Encryption SDK.",
        query: "integration=both&keys=5000&requests=400M&peak_ops=2500\
                &context=Multi-tenant%20SaaS%20with%20a%20KMS%20key%20for%20each%20of%205%2C000%20tenants",
        advised: "kms",
    },
    StartingPoint {
        title: "An Oracle database with TDE",
        words: "Transparent data encryption whose master key Oracle reaches through PKCS#11.",
        query: "integration=custom&interface=pkcs11&team=hsm&keys=4\
                &context=Oracle%20Database%20TDE%2C%20master%20key%20through%20PKCS%2311",
        advised: "cloudhsm",
    },
];

/// The starting points as links, on the first screen above the questions; the same on every
/// page, so rendered once.
#[component]
pub fn StartingPoints() -> impl IntoView {
    static HTML: OnceLock<String> = OnceLock::new();
    let html = HTML.get_or_init(|| view! { <StartingPointList /> }.to_html()).clone();
    view! { <nav class="starting-points" aria-labelledby="starting-points-heading" inner_html=html></nav> }
}

#[component]
fn StartingPointList() -> impl IntoView {
    view! {
        <h2 id="starting-points-heading">"Start from a typical case"</h2>
        <ul>
            {STARTING_POINTS
                .iter()
                .map(|point| {
                    view! {
                        <li>
                            <a href=format!("/?{}", point.query)>{point.title}</a>
                            <span class="starting-point-words">{point.words}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
