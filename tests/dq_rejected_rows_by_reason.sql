{{ config(severity='warn', store_failures=true, fail_calc='coalesce(sum(rejected_rows), 0)') }}
-- Warns when rows were set aside; the warning counts them and the stored failures list
-- them per input and reason. Bad values never stop the build.
select
    source_table,
    rejection_reason,
    count(*) as rejected_rows
from {{ ref('dq_rejected_rows') }}
group by source_table, rejection_reason
