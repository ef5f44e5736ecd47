-- Back to the API's JSON (read ignoring unknown members), with the assessment time inside again.
UPDATE customers SET assessment_json = JSON_SET(JSON_REMOVE(assessment_json, '$.v'), '$.assess_time',
  DATE_FORMAT(assess_time, '%Y-%m-%dT%H:%i:%s.%fZ'))
WHERE assessment_json IS NOT NULL AND JSON_VALUE(assessment_json, '$.v') = 1;
