-- Back to the API's JSON, which the earlier reader parsed ignoring unknown members: drop "v".
UPDATE invoices SET terms_breakdown = JSON_REMOVE(terms_breakdown, '$.v')
WHERE JSON_VALUE(terms_breakdown, '$.v') = 1;
