//! The published OpenAPI documents, and a small JSON-schema validator for the subset they
//! use (type, required, properties, lengths, minimum/maximum, pattern, enum, items, formats,
//! $ref), stricter than JSON Schema in two ways that matter for a stand-in: a response may
//! not carry properties its schema does not declare, and a request may not send readOnly ones.

use regex::Regex;
use serde_json::Value;
use std::path::PathBuf;

/// The published specifications, copied into the repository (`dev/pagopa-sandbox/specs`)
/// so that any clone can run the contract tests; missing is a failure, never a skip.
pub fn spec_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("specs");
    assert!(
        dir.is_dir(),
        "CONTRACT TEST CANNOT RUN: the pagoPA specifications are missing; expected them in {}",
        dir.display()
    );
    dir
}

/// Where the project's reference copy lives, beside the repository (when it does).
pub fn shared_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/specs/pagopa")
}

pub fn read_spec_file(name: &str) -> String {
    let path = spec_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Request,
    Response,
}

pub struct Spec {
    pub name: &'static str,
    pub doc: Value,
}

impl Spec {
    pub fn load(name: &'static str) -> Spec {
        let doc = serde_json::from_str(&read_spec_file(name))
            .unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
        Spec { name, doc }
    }

    pub fn operation(&self, path: &str, method: &str) -> &Value {
        let op = &self.doc["paths"][path][method];
        assert!(
            op.is_object(),
            "{}: no operation {method} {path}",
            self.name
        );
        op
    }

    /// The declared response; panics if the status is not declared.
    pub fn response(&self, path: &str, method: &str, status: u16) -> &Value {
        let r = &self.operation(path, method)["responses"][status.to_string()];
        assert!(
            r.is_object(),
            "{}: {method} {path} does not declare status {status}",
            self.name
        );
        r
    }

    pub fn request_schema(&self, path: &str, method: &str) -> &Value {
        let s =
            &self.operation(path, method)["requestBody"]["content"]["application/json"]["schema"];
        assert!(
            s.is_object(),
            "{}: {method} {path} has no JSON request body",
            self.name
        );
        s
    }

    pub fn resolve<'a>(&'a self, reference: &str) -> &'a Value {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unsupported $ref {reference}"));
        let s = &self.doc["components"]["schemas"][name];
        assert!(s.is_object(), "{}: no schema {name}", self.name);
        s
    }

    pub fn schema(&self, name: &str) -> &Value {
        self.resolve(&format!("#/components/schemas/{name}"))
    }

    pub fn validate(&self, schema: &Value, instance: &Value, mode: Mode) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(schema, instance, "$", mode, &mut errors);
        errors
    }

    pub fn assert_valid(&self, schema: &Value, instance: &Value, mode: Mode, what: &str) {
        let errors = self.validate(schema, instance, mode);
        assert!(
            errors.is_empty(),
            "{what} breaks {}:\n{}\n{instance:#}",
            self.name,
            errors.join("\n")
        );
    }

    fn check(&self, schema: &Value, v: &Value, at: &str, mode: Mode, errors: &mut Vec<String>) {
        let Some(s) = schema.as_object() else { return };
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            self.check(self.resolve(r), v, at, mode, errors);
        }
        let mut err = |m: String| errors.push(format!("{at}: {m}"));
        if let Some(t) = s.get("type").and_then(Value::as_str) {
            let ok = match t {
                "string" => v.is_string(),
                "integer" => v.is_i64() || v.is_u64(),
                "number" => v.is_number(),
                "boolean" => v.is_boolean(),
                "object" => v.is_object(),
                "array" => v.is_array(),
                _ => true,
            };
            if !ok {
                err(format!("is not of type {t}: {v}"));
                return;
            }
        }
        if let Some(allowed) = s.get("enum").and_then(Value::as_array) {
            if !allowed.contains(v) {
                err(format!("{v} is not one of {allowed:?}"));
            }
        }
        if let Some(text) = v.as_str() {
            let len = text.chars().count() as u64;
            if let Some(max) = s.get("maxLength").and_then(Value::as_u64) {
                if len > max {
                    err(format!("longer than {max}"));
                }
            }
            if let Some(min) = s.get("minLength").and_then(Value::as_u64) {
                if len < min {
                    err(format!("shorter than {min}"));
                }
            }
            if let Some(p) = s.get("pattern").and_then(Value::as_str) {
                let re = Regex::new(p).unwrap_or_else(|e| panic!("bad pattern {p}: {e}"));
                if !re.is_match(text) {
                    err(format!("{text:?} does not match {p}"));
                }
            }
            if let Some(f) = s.get("format").and_then(Value::as_str) {
                let ok = match f {
                    "date-time" => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
                    "date" => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
                    "uri" => url::Url::parse(text).is_ok(),
                    "email" => text.contains('@'),
                    _ => true,
                };
                if !ok {
                    err(format!("{text:?} is not a {f}"));
                }
            }
        }
        if let Some(n) = v
            .as_i64()
            .map(i128::from)
            .or_else(|| v.as_u64().map(i128::from))
        {
            let bound = |k: &str| s.get(k).and_then(|b| b.as_i64().map(i128::from));
            let exclusive_max = s.get("exclusiveMaximum");
            if let Some(max) = bound("maximum") {
                let strict = exclusive_max.and_then(Value::as_bool).unwrap_or(false);
                if n > max || (strict && n == max) {
                    err(format!("{n} above the maximum {max}"));
                }
            }
            if let Some(max) = exclusive_max.and_then(|b| b.as_i64().map(i128::from)) {
                if n >= max {
                    err(format!("{n} not below {max}"));
                }
            }
            if let Some(min) = bound("minimum") {
                if n < min {
                    err(format!("{n} below the minimum {min}"));
                }
            }
            let range = match s.get("format").and_then(Value::as_str) {
                Some("int32") => Some((i128::from(i32::MIN), i128::from(i32::MAX))),
                Some("int64") => Some((i128::from(i64::MIN), i128::from(i64::MAX))),
                _ => None,
            };
            if range.is_some_and(|(lo, hi)| n < lo || n > hi) {
                err(format!("{n} out of its format's range"));
            }
        }
        if let Some(items) = v.as_array() {
            let n = items.len() as u64;
            if s.get("maxItems")
                .and_then(Value::as_u64)
                .is_some_and(|m| n > m)
            {
                err(format!("more than maxItems ({n})"));
            }
            if s.get("minItems")
                .and_then(Value::as_u64)
                .is_some_and(|m| n < m)
            {
                err(format!("fewer than minItems ({n})"));
            }
            if s.get("uniqueItems").and_then(Value::as_bool) == Some(true) {
                for (i, a) in items.iter().enumerate() {
                    if items.iter().skip(i + 1).any(|b| a == b) {
                        err("repeated items".into());
                    }
                }
            }
            if let Some(item_schema) = s.get("items") {
                for (i, item) in items.iter().enumerate() {
                    self.check(item_schema, item, &format!("{at}[{i}]"), mode, errors);
                }
            }
        }
        if let Some(obj) = v.as_object() {
            for r in s
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(name) = r.as_str() {
                    if !obj.contains_key(name) {
                        errors.push(format!("{at}: required property {name} missing"));
                    }
                }
            }
            if let Some(props) = s.get("properties").and_then(Value::as_object) {
                for (k, item) in obj {
                    match props.get(k) {
                        Some(p) => {
                            if mode == Mode::Request
                                && p.get("readOnly") == Some(&Value::Bool(true))
                            {
                                errors.push(format!("{at}.{k}: readOnly, must not be sent"));
                            }
                            self.check(p, item, &format!("{at}.{k}"), mode, errors);
                        }
                        None if mode == Mode::Response => {
                            errors.push(format!("{at}.{k}: not declared by the schema"));
                        }
                        None => {}
                    }
                }
            }
        }
    }
}

#[test]
fn the_validator_catches_what_it_should() {
    let spec = Spec::load("gpd-debt-positions-v1.json");
    let transfer = spec.schema("TransferModel");
    let good = serde_json::json!({"idTransfer": "1", "amount": 1, "remittanceInformation": "x", "category": "c", "iban": "IT00"});
    assert!(spec.validate(transfer, &good, Mode::Request).is_empty());
    let mut bad = good.clone();
    bad["idTransfer"] = "6".into();
    bad["amount"] = 0.into();
    bad["iban"] = "IT 00".into();
    bad["remittanceInformation"] = "x".repeat(141).into();
    assert_eq!(spec.validate(transfer, &bad, Mode::Request).len(), 4);
    let problem = spec.schema("ProblemJson");
    let extra = serde_json::json!({"title": "t", "status": 400, "detail": "d", "extra": 1});
    assert_eq!(spec.validate(problem, &extra, Mode::Response).len(), 1);
    let option = spec.schema("PaymentOptionModel");
    let read_only = serde_json::json!({"iuv": "1", "amount": 1, "description": "d", "isPartialPayment": false, "dueDate": "2025-01-01T00:00:00Z", "fee": 0});
    assert_eq!(spec.validate(option, &read_only, Mode::Request).len(), 1);
    let naive = serde_json::json!({"iuv": "1", "amount": 1, "description": "d", "isPartialPayment": false, "dueDate": "2025-01-01T00:00:00"});
    assert_eq!(spec.validate(option, &naive, Mode::Request).len(), 1);
}
