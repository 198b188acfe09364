//! Request bodies checked against the specs' rules (required, types, lengths, enums,
//! patterns) and the platform's own (check digits, transfers summing up, dates), collecting
//! every error with the path of its field, as GPD's "field: message" details do.

use crate::fiscal_code::validate_org_fiscal_code;
use crate::model::{CartNotice, Debtor, Destination, OptionStatus, PaymentOption};
use crate::model::{Position, PositionStatus, Stamp, Transfer};
use crate::notice::{nav_of_iuv, validate_iuv, validate_nav};
use crate::time::{parse_date_time, Timestamp};
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::fmt::Display;

/// The largest amount a receipt can carry (stAmount ≤ 999999999.99), in cents.
pub const MAX_AMOUNT: i64 = 99_999_999_999;
/// Descriptions, company names, remittance information.
pub const MAX_TEXT: usize = 140;

type Obj = Map<String, Value>;

/// Lengths as the platform (Java) counts them: UTF-16 code units.
pub fn text_len(s: &str) -> usize {
    s.encode_utf16().count()
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Collects "path: message" errors while reading a JSON document.
#[derive(Default)]
pub struct Checker {
    pub errors: Vec<String>,
}

impl Checker {
    pub fn err(&mut self, path: &str, message: impl Display) {
        self.errors.push(format!("{path}: {message}"));
    }

    /// A present, non-null value; null counts as missing, as in Jackson + bean validation.
    fn value<'v>(
        &mut self,
        obj: &'v Obj,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<&'v Value> {
        match obj.get(key) {
            None | Some(Value::Null) => {
                if required {
                    self.err(&join(path, key), "must not be null");
                }
                None
            }
            Some(v) => Some(v),
        }
    }

    fn string(&mut self, obj: &Obj, path: &str, key: &str, required: bool) -> Option<String> {
        let v = self.value(obj, path, key, required)?;
        match v.as_str() {
            Some(s) => Some(s.to_owned()),
            None => {
                self.err(&join(path, key), "must be a string");
                None
            }
        }
    }

    fn text(
        &mut self,
        obj: &Obj,
        path: &str,
        key: &str,
        required: bool,
        max: usize,
    ) -> Option<String> {
        let s = self.string(obj, path, key, required)?;
        if text_len(&s) > max {
            self.err(
                &join(path, key),
                format!("size must be between 0 and {max}"),
            );
        }
        Some(s)
    }

    fn not_blank(&mut self, obj: &Obj, path: &str, key: &str) -> Option<String> {
        let s = self.string(obj, path, key, true)?;
        if s.trim().is_empty() {
            self.err(&join(path, key), "must not be blank");
        }
        Some(s)
    }

    fn integer(&mut self, obj: &Obj, path: &str, key: &str, required: bool) -> Option<i64> {
        let v = self.value(obj, path, key, required)?;
        match v.as_i64() {
            Some(n) => Some(n),
            None => {
                self.err(&join(path, key), "must be an integer");
                None
            }
        }
    }

    /// An amount in cents: integer ≥ 1 (and within what a receipt can carry).
    fn amount(&mut self, obj: &Obj, path: &str, key: &str) -> Option<u64> {
        let n = self.integer(obj, path, key, true)?;
        if n < 1 {
            self.err(&join(path, key), "must be greater than or equal to 1");
            return None;
        }
        if n > MAX_AMOUNT {
            self.err(
                &join(path, key),
                format!("must be less than or equal to {MAX_AMOUNT}"),
            );
            return None;
        }
        u64::try_from(n).ok()
    }

    fn boolean(&mut self, obj: &Obj, path: &str, key: &str, required: bool) -> Option<bool> {
        let v = self.value(obj, path, key, required)?;
        match v.as_bool() {
            Some(b) => Some(b),
            None => {
                self.err(&join(path, key), "must be a boolean");
                None
            }
        }
    }

    fn array<'v>(
        &mut self,
        obj: &'v Obj,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<&'v Vec<Value>> {
        let v = self.value(obj, path, key, required)?;
        match v.as_array() {
            Some(a) => Some(a),
            None => {
                self.err(&join(path, key), "must be an array");
                None
            }
        }
    }

    fn object<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v Obj> {
        match v.as_object() {
            Some(o) => Some(o),
            None => {
                self.err(path, "must be an object");
                None
            }
        }
    }

    fn date_time(&mut self, obj: &Obj, path: &str, key: &str, required: bool) -> Option<Timestamp> {
        let s = self.string(obj, path, key, required)?;
        match parse_date_time(&s) {
            Some(ts) => Some(ts),
            None => {
                self.err(
                    &join(path, key),
                    "must be a date-time (e.g. 2025-09-30T23:59:59+02:00)",
                );
                None
            }
        }
    }

    fn enumeration(
        &mut self,
        obj: &Obj,
        path: &str,
        key: &str,
        required: bool,
        allowed: &[&str],
    ) -> Option<String> {
        let s = self.string(obj, path, key, required)?;
        if !allowed.contains(&s.as_str()) {
            self.err(
                &join(path, key),
                format!("must be one of {}", allowed.join(", ")),
            );
        }
        Some(s)
    }

    /// Up to 10 unique-key {key, value} pairs, both ≤ 140.
    fn metadata(&mut self, obj: &Obj, path: &str, key: &str) -> Vec<(String, String)> {
        let Some(items) = self.array(obj, path, key, false) else {
            return Vec::new();
        };
        let here = join(path, key);
        if items.len() > 10 {
            self.err(&here, "size must be between 0 and 10");
        }
        let mut out = Vec::new();
        let mut keys = HashSet::new();
        for (i, item) in items.iter().enumerate() {
            let p = format!("{here}[{i}]");
            let Some(o) = self.object(item, &p) else {
                continue;
            };
            let k = self.text(o, &p, "key", true, MAX_TEXT);
            let v = self.text(o, &p, "value", true, MAX_TEXT);
            if let (Some(k), Some(v)) = (k, v) {
                if !keys.insert(k.clone()) {
                    self.err(
                        &here,
                        format!("metadata keys must be unique ({k} repeated)"),
                    );
                }
                out.push((k, v));
            }
        }
        out
    }

    pub fn into_result<T>(self, value: Option<T>) -> Result<T, Vec<String>> {
        match value {
            Some(v) if self.errors.is_empty() => Ok(v),
            _ if self.errors.is_empty() => Err(vec!["the request body is invalid".into()]),
            _ => Err(self.errors),
        }
    }
}

fn full_match(s: &str, min: usize, max: usize, ok: impl Fn(char) -> bool) -> bool {
    let n = s.chars().count();
    n >= min && n <= max && s.chars().all(ok)
}

/// `^[A-Za-z0-9]{1,35}$`, the spec's IBAN pattern.
pub fn is_iban_like(s: &str) -> bool {
    full_match(s, 1, 35, |c| c.is_ascii_alphanumeric())
}

/// `[A-Z]{2}`.
fn is_two_capitals(s: &str) -> bool {
    full_match(s, 2, 2, |c| c.is_ascii_uppercase())
}

/// A PaymentPositionModel (the create request), into a DRAFT position of `organization`.
pub fn parse_position(
    body: &Value,
    organization: &str,
    now: Timestamp,
) -> Result<Position, Vec<String>> {
    let mut c = Checker::default();
    let Some(o) = body.as_object() else {
        return Err(vec![
            "the request body must be a JSON object (PaymentPositionModel)".into(),
        ]);
    };
    let iupd = c.not_blank(o, "", "iupd");
    let kind = c.enumeration(o, "", "type", true, &["F", "G"]);
    let pay_stand_in = c.boolean(o, "", "payStandIn", false).unwrap_or(true);
    let fiscal_code = c.not_blank(o, "", "fiscalCode");
    let full_name = c.not_blank(o, "", "fullName");
    let country = c.string(o, "", "country", false);
    if country.as_deref().is_some_and(|s| !is_two_capitals(s)) {
        c.err("country", "must match \"[A-Z]{2}\"");
    }
    let switch_to_expired = c.boolean(o, "", "switchToExpired", true);
    let company_name = c.text(o, "", "companyName", true, MAX_TEXT);
    let office_name = c.text(o, "", "officeName", false, MAX_TEXT);
    let validity_date = c.date_time(o, "", "validityDate", false);
    if validity_date.is_some_and(|v| v <= now) {
        c.err("validityDate", "must be later than the current date-time");
    }
    let debtor = Debtor {
        kind: kind.unwrap_or_default(),
        fiscal_code: fiscal_code.unwrap_or_default(),
        full_name: full_name.unwrap_or_default(),
        street_name: c.string(o, "", "streetName", false),
        civic_number: c.string(o, "", "civicNumber", false),
        postal_code: c.string(o, "", "postalCode", false),
        city: c.string(o, "", "city", false),
        province: c.string(o, "", "province", false),
        region: c.string(o, "", "region", false),
        country,
        email: c.string(o, "", "email", false),
        phone: c.string(o, "", "phone", false),
    };

    let mut options = Vec::new();
    match c.array(o, "", "paymentOption", false) {
        Some(items) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                let path = format!("paymentOption[{i}]");
                if let Some(option) =
                    parse_option(&mut c, item, &path, validity_date.unwrap_or(now), now)
                {
                    options.push(option);
                }
            }
        }
        // Not in the spec's required list, but a position nobody can pay is always a bug.
        _ => c.err("paymentOption", "must contain at least one payment option"),
    }
    let mut seen = HashSet::new();
    for option in &options {
        if !seen.insert(option.iuv.clone()) {
            c.err("paymentOption", format!("iuv {} is repeated", option.iuv));
        }
    }

    let position = (|| {
        Some(Position {
            organization: organization.to_owned(),
            iupd: iupd?,
            debtor,
            pay_stand_in,
            switch_to_expired: switch_to_expired?,
            company_name: company_name?,
            office_name,
            validity_date,
            publish_date: None,
            payment_date: None,
            status: PositionStatus::Draft,
            options,
            inserted: now,
            last_updated: now,
            seq: 0,
        })
    })();
    c.into_result(position)
}

fn parse_option(
    c: &mut Checker,
    item: &Value,
    path: &str,
    not_before: Timestamp,
    now: Timestamp,
) -> Option<PaymentOption> {
    let o = c.object(item, path)?;
    let iuv = c.string(o, path, "iuv", true);
    if let Some(iuv) = &iuv {
        if let Err(e) = validate_iuv(iuv) {
            c.err(&join(path, "iuv"), e);
        }
    }
    let nav = c.string(o, path, "nav", false);
    if let Some(nav) = &nav {
        if let Err(e) = validate_nav(nav) {
            c.err(&join(path, "nav"), e);
        } else if iuv.as_deref().is_some_and(|iuv| nav_of_iuv(iuv) != *nav) {
            c.err(&join(path, "nav"), "must be \"3\" followed by the iuv");
        }
    }
    let amount = c.amount(o, path, "amount");
    let description = c.text(o, path, "description", true, MAX_TEXT);
    let is_partial_payment = c.boolean(o, path, "isPartialPayment", true);
    let due_date = c.date_time(o, path, "dueDate", true);
    if due_date.is_some_and(|d| d < not_before) {
        c.err(
            &join(path, "dueDate"),
            "must not be earlier than the validity date (or now)",
        );
    }
    let retention_date = c.date_time(o, path, "retentionDate", false);
    if let (Some(r), Some(d)) = (retention_date, due_date) {
        if r < d {
            c.err(
                &join(path, "retentionDate"),
                "must not be earlier than the due date",
            );
        }
    }
    let metadata = c.metadata(o, path, "paymentOptionMetadata");

    let mut transfers = Vec::new();
    let tpath = join(path, "transfer");
    match c.array(o, path, "transfer", true) {
        Some(items) if !items.is_empty() && items.len() <= 5 => {
            for (i, t) in items.iter().enumerate() {
                if let Some(t) = parse_transfer(c, t, &format!("{tpath}[{i}]")) {
                    transfers.push(t);
                }
            }
            let mut ids = HashSet::new();
            for t in &transfers {
                if !ids.insert(t.id_transfer.clone()) {
                    c.err(&tpath, format!("idTransfer {} is repeated", t.id_transfer));
                }
            }
            if let Some(amount) = amount {
                let sum: u64 = transfers.iter().map(|t| t.amount).sum();
                if transfers.len() == items.len() && sum != amount {
                    c.err(
                        &tpath,
                        format!("the transfer amounts add up to {sum}, not to the payment option amount {amount}"),
                    );
                }
            }
        }
        Some(_) => c.err(&tpath, "size must be between 1 and 5"),
        None => {}
    }

    let iuv = iuv?;
    Some(PaymentOption {
        nav: nav.unwrap_or_else(|| nav_of_iuv(&iuv)),
        iuv,
        amount: amount?,
        description: description?,
        is_partial_payment: is_partial_payment?,
        due_date: due_date?,
        retention_date,
        transfers,
        metadata,
        status: OptionStatus::Unpaid,
        payment_date: None,
        payment_method: None,
        psp_company: None,
        id_receipt: None,
        inserted: now,
        last_updated: now,
    })
}

fn parse_transfer(c: &mut Checker, item: &Value, path: &str) -> Option<Transfer> {
    let o = c.object(item, path)?;
    let id_transfer = c.enumeration(o, path, "idTransfer", true, &["1", "2", "3", "4", "5"]);
    let amount = c.amount(o, path, "amount");
    let organization_fiscal_code = c.string(o, path, "organizationFiscalCode", false);
    if let Some(code) = &organization_fiscal_code {
        if let Err(e) = validate_org_fiscal_code(code) {
            c.err(&join(path, "organizationFiscalCode"), e);
        }
    }
    let remittance_information = c.text(o, path, "remittanceInformation", true, MAX_TEXT);
    let category = c.not_blank(o, path, "category");
    let iban = c.string(o, path, "iban", false);
    if iban.as_deref().is_some_and(|s| !is_iban_like(s)) {
        c.err(&join(path, "iban"), "must match \"^[A-Za-z0-9]{1,35}$\"");
    }
    let postal_iban = c.string(o, path, "postalIban", false);
    if postal_iban
        .as_deref()
        .is_some_and(|s| !s.is_empty() && !is_iban_like(s))
    {
        c.err(
            &join(path, "postalIban"),
            "must match \"^$|^[A-Za-z0-9]{1,35}$\"",
        );
    }
    let stamp = match c.value(o, path, "stamp", false) {
        Some(v) => parse_stamp(c, v, &join(path, "stamp")),
        None => None,
    };
    let company_name = c.text(o, path, "companyName", false, MAX_TEXT);
    let metadata = c.metadata(o, path, "transferMetadata");
    let destination = match (iban, stamp) {
        (Some(iban), None) => Some(Destination::Iban(iban)),
        (None, Some(stamp)) => {
            if postal_iban.is_some() {
                c.err(&join(path, "postalIban"), "cannot be combined with stamp");
            }
            Some(Destination::Stamp(stamp))
        }
        (Some(_), Some(_)) => {
            c.err(path, "iban and stamp are mutually exclusive");
            None
        }
        (None, None) => {
            // An invalid stamp has been reported already.
            if o.get("stamp").is_none_or(Value::is_null) {
                c.err(&join(path, "iban"), "must not be null (or give a stamp)");
            }
            None
        }
    };
    Some(Transfer {
        id_transfer: id_transfer?,
        amount: amount?,
        organization_fiscal_code,
        remittance_information: remittance_information?,
        category: category?,
        destination: destination?,
        postal_iban,
        company_name,
        metadata,
    })
}

fn parse_stamp(c: &mut Checker, v: &Value, path: &str) -> Option<Stamp> {
    let o = c.object(v, path)?;
    let hash_document = c.text(o, path, "hashDocument", true, 72);
    let stamp_type = c.string(o, path, "stampType", true);
    if stamp_type.as_deref().is_some_and(|s| text_len(s) != 2) {
        c.err(&join(path, "stampType"), "size must be between 2 and 2");
    }
    let provincial_residence = c.string(o, path, "provincialResidence", true);
    if provincial_residence
        .as_deref()
        .is_some_and(|s| !is_two_capitals(s))
    {
        c.err(
            &join(path, "provincialResidence"),
            "must match \"[A-Z]{2}\"",
        );
    }
    Some(Stamp {
        hash_document: hash_document?,
        stamp_type: stamp_type?,
        provincial_residence: provincial_residence?,
    })
}

/// A Checkout CartRequest.
#[derive(Clone, Debug)]
pub struct CartRequest {
    pub notices: Vec<CartNotice>,
    pub return_ok_url: String,
    pub return_cancel_url: String,
    pub return_error_url: String,
    pub email_notice: Option<String>,
}

fn is_email(s: &str) -> bool {
    let mut parts = s.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(local), Some(domain), None) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(char::is_whitespace)
        }
        _ => false,
    }
}

/// `format: uri`: an absolute URI.
fn is_absolute_uri(s: &str) -> bool {
    url::Url::parse(s).is_ok()
}

pub fn parse_cart(body: &Value) -> Result<CartRequest, Vec<String>> {
    let mut c = Checker::default();
    let Some(o) = body.as_object() else {
        return Err(vec![
            "the request body must be a JSON object (CartRequest)".into()
        ]);
    };
    let email_notice = c.string(o, "", "emailNotice", false);
    if email_notice.as_deref().is_some_and(|e| !is_email(e)) {
        c.err("emailNotice", "must be an e-mail address");
    }
    c.string(o, "", "idCart", false);
    c.boolean(o, "", "allCCP", false);

    let mut notices = Vec::new();
    if let Some(items) = c.array(o, "", "paymentNotices", true) {
        if items.is_empty() || items.len() > 5 {
            c.err("paymentNotices", "size must be between 1 and 5");
        }
        for (i, item) in items.iter().enumerate() {
            if let Some(n) = parse_notice(&mut c, item, &format!("paymentNotices[{i}]")) {
                notices.push(n);
            }
        }
        let mut seen = HashSet::new();
        for n in &notices {
            if !seen.insert((n.fiscal_code.clone(), n.notice_number.clone())) {
                c.err(
                    "paymentNotices",
                    format!("notice {} is repeated", n.notice_number),
                );
            }
        }
    }

    let mut urls = [None, None, None];
    if let Some(v) = c.value(o, "", "returnUrls", true) {
        if let Some(r) = c.object(v, "returnUrls") {
            for (slot, key) in
                urls.iter_mut()
                    .zip(["returnOkUrl", "returnCancelUrl", "returnErrorUrl"])
            {
                let url = c.string(r, "returnUrls", key, true);
                if url.as_deref().is_some_and(|u| !is_absolute_uri(u)) {
                    c.err(&join("returnUrls", key), "must be an absolute URI");
                }
                *slot = url;
            }
        }
    }
    let [ok, cancel, error] = urls;
    let cart = (|| {
        Some(CartRequest {
            notices,
            return_ok_url: ok?,
            return_cancel_url: cancel?,
            return_error_url: error?,
            email_notice,
        })
    })();
    c.into_result(cart)
}

fn parse_notice(c: &mut Checker, item: &Value, path: &str) -> Option<CartNotice> {
    let o = c.object(item, path)?;
    let notice_number = c.string(o, path, "noticeNumber", true);
    if let Some(nav) = &notice_number {
        if let Err(e) = validate_nav(nav) {
            c.err(&join(path, "noticeNumber"), e);
        }
    }
    let fiscal_code = c.string(o, path, "fiscalCode", true);
    if let Some(code) = &fiscal_code {
        if let Err(e) = validate_org_fiscal_code(code) {
            c.err(&join(path, "fiscalCode"), e);
        }
    }
    let amount = c.amount(o, path, "amount");
    let company_name = c.text(o, path, "companyName", true, MAX_TEXT);
    let description = c.text(o, path, "description", true, MAX_TEXT);
    Some(CartNotice {
        notice_number: notice_number?,
        fiscal_code: fiscal_code?,
        amount: amount?,
        company_name: company_name?,
        description: description?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body() -> Value {
        json!({
            "iupd": "IUPD-1", "type": "F", "fiscalCode": "RSSMRA80A01H501U",
            "fullName": "Mario Rossi", "switchToExpired": false, "companyName": "Comune",
            "paymentOption": [{
                "iuv": "02202500000000127", "amount": 2000, "description": "Mensa",
                "isPartialPayment": false, "dueDate": "2099-01-31T23:59:59+01:00",
                "transfer": [{"idTransfer": "1", "amount": 2000, "remittanceInformation": "Mensa",
                              "category": "9/0101108TS/", "iban": "IT60X0542811101000000123456"}]
            }]
        })
    }

    fn errors_of(v: &Value) -> Vec<String> {
        parse_position(v, "82012345672", crate::time::now())
            .err()
            .unwrap_or_default()
    }

    #[test]
    fn accepts_a_good_position_and_computes_the_nav() {
        let p = parse_position(&body(), "82012345672", crate::time::now());
        let nav = p
            .ok()
            .and_then(|p| p.options.first().map(|o| o.nav.clone()));
        assert_eq!(nav.as_deref(), Some("302202500000000127"));
    }

    #[test]
    fn names_the_wrong_fields() {
        let mut v = body();
        v["paymentOption"][0]["amount"] = json!(0);
        v["paymentOption"][0]["description"] = json!("x".repeat(141));
        v["paymentOption"][0]["transfer"][0]["idTransfer"] = json!("6");
        v["paymentOption"][0]["transfer"][0]["iban"] = json!("IT60 X054");
        v.as_object_mut().map(|o| o.remove("fullName"));
        let errors = errors_of(&v).join("\n");
        for field in [
            "paymentOption[0].amount",
            "paymentOption[0].description",
            "paymentOption[0].transfer[0].idTransfer",
            "paymentOption[0].transfer[0].iban",
            "fullName",
        ] {
            assert!(errors.contains(field), "{field} missing in {errors}");
        }
    }

    #[test]
    fn transfers_must_add_up() {
        let mut v = body();
        v["paymentOption"][0]["transfer"][0]["amount"] = json!(1999);
        assert!(errors_of(&v)
            .join(" ")
            .contains("paymentOption[0].transfer: the transfer amounts add up to 1999"));
    }

    #[test]
    fn lengths_count_utf16_units() {
        assert_eq!(text_len("perché"), 6);
        let mut v = body();
        v["companyName"] = json!("è".repeat(140));
        assert!(errors_of(&v).is_empty());
    }
}
