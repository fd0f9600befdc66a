//! Exports: `GET /export/costs.csv`, the data behind both charts, for spreadsheets, and
//! `GET /export/adr.md`, the decision as a Markdown architecture decision record.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::{ApiError, AppState};
use crate::charts::{Chart, ChartData};
use crate::domain::adr::decision_record;
use crate::domain::costs::MonthlyCosts;
use crate::domain::{Inputs, RuleSet, evaluate};

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

pub async fn costs_csv_get(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Response, ApiError> {
    let rules = state.rules();
    let (inputs, errors) = Inputs::from_query(query.as_deref().unwrap_or(""), &rules.region_codes());
    if let Some(error) = errors.into_iter().next() {
        return Err(ApiError::InvalidParameter(error));
    }
    let csv =
        costs_csv(&rules, &inputs, chrono::Utc::now().date_naive()).map_err(|e| ApiError::Internal(e.to_string()))?;
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
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let rules = state.rules();
    let (inputs, errors) = Inputs::from_query(query.as_deref().unwrap_or(""), &rules.region_codes());
    if let Some(error) = errors.into_iter().next() {
        return Err(ApiError::InvalidParameter(error));
    }
    let advice = evaluate(&rules, &inputs);
    let link = format!("{}{}", state.public_base(&headers), advice.share_url);
    let today = chrono::Utc::now().date_naive();
    let record = decision_record(&rules, &inputs, &advice, today, &link);
    let file_name = format!("attachment; filename=\"{today}-hold-keys-in-{}.md\"", advice.recommendation.option.id());
    let disposition = HeaderValue::from_str(&file_name).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/markdown; charset=utf-8")),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        record,
    )
        .into_response())
}

/// Rows of the cost-vs-requests curve (monthly costs by volume), then one row per month of the
/// horizon (that month's costs and the running totals).
fn costs_csv(rules: &RuleSet, inputs: &Inputs, today: chrono::NaiveDate) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(COLUMNS)?;
    let money =
        |costs: &MonthlyCosts| [costs.kms, costs.cloudhsm, costs.custom_key_store].map(|usd| format!("{usd:.2}"));
    let curve = ChartData::new(Chart::CostVsRequests, rules, inputs, today);
    for (requests, costs) in &curve.curve() {
        let [kms, cloudhsm, key_store] = money(costs);
        writer.write_record([
            Chart::CostVsRequests.slug(),
            "",
            &format!("{requests:.0}"),
            &kms,
            &cloudhsm,
            &key_store,
            "",
            "",
            "",
        ])?;
    }
    let over_time = ChartData::new(Chart::CostOverTime, rules, inputs, today);
    for (index, month) in over_time.months.iter().enumerate() {
        let label = over_time.first_month.checked_add_months(chrono::Months::new(index as u32)).unwrap_or(today);
        let [kms, cloudhsm, key_store] = money(&month.monthly);
        let [kms_total, cloudhsm_total, key_store_total] = money(&month.cumulative);
        writer.write_record([
            Chart::CostOverTime.slug(),
            &label.format("%Y-%m").to_string(),
            &format!("{:.0}", month.requests),
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
