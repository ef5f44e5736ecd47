-- Back to the API's JSON, which the earlier reader parsed ignoring unknown members: drop "v".
UPDATE term_policies SET rules_json = JSON_REMOVE(rules_json, '$.v')
WHERE JSON_VALUE(rules_json, '$.v') = 1;
