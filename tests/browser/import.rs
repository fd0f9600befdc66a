//! The import form in Chromium, with scripts and without: a Terraform plan chosen in the file
//! field of the advisor's page, posted as a plain form, and the page that answers it, whose
//! links open the advisor with the plan's answers.

use fantoccini::Locator;

use super::server::Server;
use super::{recommendation, with_browser};

async fn import_a_plan(javascript: bool) {
    let server = Server::start();
    let url = format!("{}/", server.base_url);
    let plan = std::fs::canonicalize("tests/fixtures/terraform/plan-two-regions.json").unwrap();
    with_browser(javascript, move |client| async move {
        client.goto(&url).await.unwrap();
        let section = client.find(Locator::Css("section.import")).await.unwrap();
        let heading = section.find(Locator::Css("h2")).await.unwrap().text().await.unwrap();
        assert_eq!(heading, "Start from your Terraform plan or AWS bill");
        assert!(section.text().await.unwrap().contains("Nothing is kept"), "the page says nothing is stored");
        let field = client.find(Locator::Css("#import-file")).await.unwrap();
        field.send_keys(plan.to_str().unwrap()).await.unwrap();
        client.find(Locator::Css(".import-form button[type=submit]")).await.unwrap().click().await.unwrap();
        client.wait().for_element(Locator::Css("article.imported-state")).await.unwrap();
        assert!(client.current_url().await.unwrap().path().ends_with("/import"));
        let states = client.find_all(Locator::Css("article.imported-state")).await.unwrap();
        let mut regions = Vec::new();
        for state in &states {
            regions.push(state.attr("data-region").await.unwrap().unwrap());
        }
        assert_eq!(regions, ["eu-west-1", "us-east-1"]);
        let assumed = states[0].find(Locator::Css(".import-assumed")).await.unwrap().text().await.unwrap();
        assert!(assumed.contains("requests=1000000"), "{assumed}");
        let finding = states[0].find(Locator::Css(".import-findings a")).await.unwrap();
        assert!(finding.attr("href").await.unwrap().unwrap().contains("custody=imported"));
        assert!(client.find(Locator::Css(".import-compare a")).await.is_ok(), "two Regions: a comparison");
        states[0].find(Locator::Css(".imported-link a")).await.unwrap().click().await.unwrap();
        client.wait().for_element(Locator::Css("#recommendation")).await.unwrap();
        assert_eq!(recommendation(&client).await, "AWS KMS");
        let query = client.current_url().await.unwrap().query().unwrap_or_default().to_string();
        assert!(
            query.contains("keys=3") && query.contains("region=eu-west-1") && query.contains("rotation=180"),
            "{query}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_plan_posted_without_javascript_becomes_advisor_links() {
    import_a_plan(false).await;
}

#[tokio::test]
async fn a_plan_posted_with_javascript_becomes_advisor_links() {
    import_a_plan(true).await;
}
