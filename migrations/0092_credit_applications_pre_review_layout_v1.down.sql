-- Back to the API's JSON (read ignoring unknown members), with the pre-review time inside again.
UPDATE credit_applications SET pre_review_json = JSON_SET(JSON_REMOVE(pre_review_json, '$.v'),
  '$.assess_time', DATE_FORMAT(create_time, '%Y-%m-%dT%H:%i:%s.%fZ'))
WHERE JSON_VALUE(pre_review_json, '$.v') = 1;
