-- Credit applications' pre-reviews move from the API's JSON (huikuan.v1.CustomerAssessment, zero values left out, int64 as
-- strings) to store's own assessment layout v1 (server/store/json_layouts.h): every member present,
-- numbers as numbers, "v": 1. The pre-review's time is the application's create_time. Rows already in v1 are left alone.
UPDATE credit_applications SET pre_review_json = JSON_OBJECT(
  'v', 1,
  'score', CAST(COALESCE(JSON_VALUE(pre_review_json, '$.score'), '0') AS SIGNED),
  'risk', COALESCE(JSON_VALUE(pre_review_json, '$.risk'), 'high'),
  'grade', COALESCE(JSON_VALUE(pre_review_json, '$.grade'), 'D'),
  'components', COALESCE(
    (SELECT JSON_ARRAYAGG(JSON_OBJECT('name', s.name, 'points', COALESCE(s.points, 0),
                                      'max_points', COALESCE(s.max_points, 0),
                                      'reason', COALESCE(s.reason, '')) ORDER BY s.ord)
     FROM JSON_TABLE(credit_applications.pre_review_json, '$.components[*]' COLUMNS (
       ord FOR ORDINALITY,
       name VARCHAR(64) PATH '$.name',
       points INT PATH '$.points',
       max_points INT PATH '$.max_points',
       reason TEXT PATH '$.reason')) AS s),
    JSON_ARRAY()),
  'summary', COALESCE(JSON_VALUE(pre_review_json, '$.summary'), ''),
  'tier', COALESCE(JSON_VALUE(pre_review_json, '$.tier'), 'potential'),
  'tier_reasons', COALESCE(
    (SELECT JSON_ARRAYAGG(r.reason ORDER BY r.ord)
     FROM JSON_TABLE(credit_applications.pre_review_json, '$.tier_reasons[*]' COLUMNS (
       ord FOR ORDINALITY, reason TEXT PATH '$')) AS r),
    JSON_ARRAY()),
  'recommendation', JSON_OBJECT(
    'grade', COALESCE(JSON_VALUE(pre_review_json, '$.recommendation.grade'), 'D'),
    'term_days', CAST(COALESCE(JSON_VALUE(pre_review_json, '$.recommendation.term_days'), '0') AS SIGNED),
    'prepayment_bp', CAST(COALESCE(JSON_VALUE(pre_review_json, '$.recommendation.prepayment_bp'), '0') AS SIGNED),
    'credit_limit_fen', CAST(COALESCE(JSON_VALUE(pre_review_json, '$.recommendation.credit_limit_fen'), '0') AS SIGNED),
    'reason', COALESCE(JSON_VALUE(pre_review_json, '$.recommendation.reason'), '')),
  'cooperation_years', CAST(COALESCE(JSON_VALUE(pre_review_json, '$.cooperation_years'), '0') AS SIGNED),
  'order_share_bp', CAST(COALESCE(JSON_VALUE(pre_review_json, '$.order_share_bp'), '0') AS SIGNED),
  'paid_invoices', CAST(COALESCE(JSON_VALUE(pre_review_json, '$.paid_invoices'), '0') AS SIGNED),
  'paid_on_time', CAST(COALESCE(JSON_VALUE(pre_review_json, '$.paid_on_time'), '0') AS SIGNED),
  'monthly_purchases_fen', CAST(COALESCE(JSON_VALUE(pre_review_json, '$.monthly_purchases_fen'), '0') AS SIGNED))
WHERE JSON_VALUE(pre_review_json, '$.v') IS NULL;
