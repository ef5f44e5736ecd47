-- Term policy rules move from the API's JSON (huikuan.v1.TermPolicyRules: int64 as strings, tier
-- rows in the publisher's order, min_order_share_bp optional) to store's own layout v1
-- (server/store/json_layouts.h): numbers as numbers, one row per tier in tier order, each
-- threshold present (the core's default where the version had none; none for potential), "v": 1.
UPDATE term_policies SET rules_json = JSON_OBJECT(
  'v', 1,
  'volume_threshold_fen', CAST(COALESCE(JSON_VALUE(rules_json, '$.volume_threshold_fen'), '0') AS SIGNED),
  'volume_early_payment_bonus_days',
    CAST(COALESCE(JSON_VALUE(rules_json, '$.volume_early_payment_bonus_days'), '0') AS SIGNED),
  'joint_promotion_bonus_days',
    CAST(COALESCE(JSON_VALUE(rules_json, '$.joint_promotion_bonus_days'), '0') AS SIGNED),
  'max_term_days', CAST(COALESCE(JSON_VALUE(rules_json, '$.max_term_days'), '0') AS SIGNED),
  'new_customer_ladder', JSON_EXTRACT(IF(JSON_EXTRACT(rules_json, '$.new_customer_ladder') = 'true',
                                         '[true]', '[false]'), '$[0]'),
  'ladder', COALESCE(
    (SELECT JSON_ARRAYAGG(JSON_OBJECT('prepayment_bp', COALESCE(l.prepayment_bp, 0),
                                      'term_days', COALESCE(l.term_days, 0)) ORDER BY l.ord)
     FROM JSON_TABLE(term_policies.rules_json, '$.ladder[*]' COLUMNS (
       ord FOR ORDINALITY,
       prepayment_bp BIGINT PATH '$.prepayment_bp',
       term_days INT PATH '$.term_days')) AS l),
    JSON_ARRAY()),
  'tier_terms', COALESCE(
    (SELECT JSON_ARRAYAGG(
       IF(t.tier = 'potential',
          JSON_OBJECT('tier', t.tier, 'base_term_days', COALESCE(t.base_term_days, 0),
                      'prepayment_bp', COALESCE(t.prepayment_bp, 0),
                      'rebate', COALESCE(t.rebate, 'none')),
          JSON_OBJECT('tier', t.tier, 'base_term_days', COALESCE(t.base_term_days, 0),
                      'prepayment_bp', COALESCE(t.prepayment_bp, 0),
                      'rebate', COALESCE(t.rebate, 'none'),
                      'min_order_share_bp', COALESCE(t.min_order_share_bp,
                        CASE t.tier WHEN 'strategic_core' THEN 3000
                                    WHEN 'key_partner' THEN 1500 ELSE 500 END)))
       ORDER BY FIELD(t.tier, 'strategic_core', 'key_partner', 'general', 'potential'))
     FROM JSON_TABLE(term_policies.rules_json, '$.tier_terms[*]' COLUMNS (
       tier VARCHAR(32) PATH '$.tier',
       base_term_days INT PATH '$.base_term_days',
       prepayment_bp BIGINT PATH '$.prepayment_bp',
       rebate VARCHAR(32) PATH '$.rebate',
       min_order_share_bp BIGINT PATH '$.min_order_share_bp')) AS t),
    JSON_ARRAY()))
WHERE JSON_VALUE(rules_json, '$.v') IS NULL;
