//! Exports: `GET /export/costs.csv`, the data behind both charts, for spreadsheets, and
//! `GET /export/adr.md`, the decision as a Markdown architecture decision record.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;

use super::extract::Valid;
use super::{ApiError, AppState};
use crate::charts::{CURVE_POINTS, Chart, month_start};
use crate::domain::adr::decision_record;
use crate::domain::costs::{MonthlyCosts, Projection};
use crate::domain::evaluate;

const COLUMNS: [&str; 9] = [
    "chart",
    "month",
    "requests_per_month",
    "kms_monthly_usd",
    "cloudhsm_monthly_usd",
    "custom_key_store_monthly_usd",
    "kms_cumulative_usd",
    "cloudhsm_cumulative_usd",
    "custom_key_store_cumulative_usd",
];

pub async fn costs_csv_get(Valid { rules, inputs }: Valid) -> Result<Response, ApiError> {
    let projection = rules.projection(&inputs);
    let csv = costs_csv(&projection, chrono::Utc::now().date_naive())?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8; header=present")),
            (header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"kms-hsm-costs.csv\"")),
        ],
        csv,
    )
        .into_response())
}

pub async fn adr_get(
    State(state): State<AppState>,
    Valid { rules, inputs }: Valid,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let advice = evaluate(&rules, &inputs);
    let link = format!("{}{}", state.public_base(&headers), advice.share_url);
    let today = chrono::Utc::now().date_naive();
    let record = decision_record(&rules, &advice, today, &link);
    let file_name = format!("attachment; filename=\"{today}-hold-keys-in-{}.md\"", advice.recommendation.option.id());
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/markdown; charset=utf-8")),
            (header::CONTENT_DISPOSITION, HeaderValue::from_str(&file_name)?),
        ],
        record,
    )
        .into_response())
}

/// Rows of the cost-vs-requests curve (monthly costs by volume), then one row per month of the
/// horizon (that month's costs and the running totals), months labelled from `today`'s.
fn costs_csv(projection: &Projection, today: NaiveDate) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(COLUMNS)?;
    let money =
        |costs: &MonthlyCosts| [costs.kms, costs.cloudhsm, costs.custom_key_store].map(|usd| format!("{usd:.2}"));
    for (requests, costs) in &projection.curve(CURVE_POINTS) {
        let [kms, cloudhsm, key_store] = money(costs);
        let requests = format!("{requests:.0}");
        writer.write_record([Chart::CostVsRequests.slug(), "", &requests, &kms, &cloudhsm, &key_store, "", "", ""])?;
    }
    for (index, month) in projection.months.iter().enumerate() {
        let label = month_start(today, index).format("%Y-%m").to_string();
        let [kms, cloudhsm, key_store] = money(&month.monthly);
        let [kms_total, cloudhsm_total, key_store_total] = money(&month.cumulative);
        let requests = format!("{:.0}", month.requests);
        writer.write_record([
            Chart::CostOverTime.slug(),
            &label,
            &requests,
            &kms,
            &cloudhsm,
            &key_store,
            &kms_total,
            &cloudhsm_total,
            &key_store_total,
        ])?;
    }
    writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
