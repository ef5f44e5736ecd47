-- Terms breakdowns move from the API's JSON (huikuan.v1.TermsBreakdown) to store's own layout v1
-- (server/store/json_layouts.h): numbers as numbers, every member present, "v": 1. Rows already
-- in v1 are left alone, so the statement may run again.
UPDATE invoices SET terms_breakdown = JSON_OBJECT(
  'v', 1,
  'tier', COALESCE(JSON_VALUE(terms_breakdown, '$.tier'), ''),
  'prior_orders', CAST(COALESCE(JSON_VALUE(terms_breakdown, '$.prior_orders'), '0') AS SIGNED),
  'policy_version', CAST(COALESCE(JSON_VALUE(terms_breakdown, '$.policy_version'), '0') AS SIGNED),
  'steps', COALESCE(
    (SELECT JSON_ARRAYAGG(JSON_OBJECT('step', s.step, 'days_after', COALESCE(s.days_after, 0),
                                      'explanation', COALESCE(s.explanation, '')) ORDER BY s.ord)
     FROM JSON_TABLE(invoices.terms_breakdown, '$.steps[*]' COLUMNS (
       ord FOR ORDINALITY,
       step VARCHAR(64) PATH '$.step',
       days_after INT PATH '$.days_after',
       explanation TEXT PATH '$.explanation')) AS s),
    JSON_ARRAY()))
WHERE JSON_VALUE(terms_breakdown, '$.v') IS NULL;
