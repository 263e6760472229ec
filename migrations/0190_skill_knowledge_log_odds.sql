-- Exact BKT filtering (docs/learning.md): the state is carried as log-odds, log P(known) −
-- log P(unknown), which stays exact where P(known) as one number rounds to 1.0 and can no longer
-- move. NULL on rows written before this column: the update starts from logit(p_known) then.
-- p_known stays for readers (mastery, recommendations): it is the rounded view of log_odds.
ALTER TABLE skill_knowledge ADD COLUMN log_odds DOUBLE PRECISION;
