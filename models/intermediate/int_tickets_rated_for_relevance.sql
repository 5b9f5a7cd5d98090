{#-
    Per ticket, how relevant the AI's answers were: how many the customer rated and rated up,
    and how many the customer followed with confusion or a rephrasing (the answer missed).
-#}
{{ per_ticket_config(daily_run_scope='touched') }}

with

tickets as (select * from {{ ref('int_tickets_rolled_up') }}),

answers as (select * from {{ ref('int_answers_checked_for_follow_up') }}),

per_ticket as (
    select
        ticket_id,
        count(*) as ai_answers,
        sum(case when feedback is not null then 1 else 0 end) as rated_ai_answers,
        sum(case when feedback = 'up' then 1 else 0 end) as ai_answers_rated_up,
        sum(case when is_followed_by_confusion or is_followed_by_rephrase then 1 else 0 end)
            as ai_answers_missed
    from answers
    where author_role = 'ai_agent'
    group by ticket_id
),

final as (
    select
        tickets.ticket_id,
        coalesce(per_ticket.ai_answers, 0) as ai_answers,
        coalesce(per_ticket.rated_ai_answers, 0) as rated_ai_answers,
        coalesce(per_ticket.ai_answers_rated_up, 0) as ai_answers_rated_up,
        coalesce(per_ticket.ai_answers_missed, 0) as ai_answers_missed,
        {{ batch_loaded_at() }} as loaded_at
    from tickets
    left join per_ticket on tickets.ticket_id = per_ticket.ticket_id
)

select * from final
