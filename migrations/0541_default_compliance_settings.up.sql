-- The defaults: at most 3 automatic contacts per customer a week; no calls or messages 21:00-08:00.
INSERT INTO compliance_settings (id, weekly_automatic_cap, quiet_start_minute, quiet_end_minute)
  VALUES (1, 3, 1260, 480);
