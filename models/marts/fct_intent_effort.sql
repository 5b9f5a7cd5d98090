with

tickets as (select * from {{ ref('fct_tickets') }}),

labelled as (
    select
        *,
        {{ intent_label('intent') }} as intent_label
    from tickets
),

counted as (
    select
        intent_label as intent,
        week_start,
        count(*) as tickets,
        avg(effort_score) as avg_effort_score,
        avg(customer_messages_before_useful_answer) as avg_customer_messages_before_useful_answer,
        avg(rephrase_messages) as avg_rephrase_messages,
        sum(case when is_channel_switched then 1 else 0 end) as channel_switched_tickets,
        sum(ai_answers) as ai_answers,
        sum(rated_ai_answers) as rated_ai_answers,
        sum(ai_answers_rated_up) as ai_answers_rated_up,
        sum(ai_answers_missed) as ai_answers_missed
    from labelled
    group by intent_label, week_start
),

final as (
    select
        intent,
        week_start,
        cast(tickets as {{ dbt.type_bigint() }}) as tickets,
        cast(avg_effort_score as {{ type_double() }}) as avg_effort_score,
        cast(avg_customer_messages_before_useful_answer as {{ type_double() }})
            as avg_customer_messages_before_useful_answer,
        cast(avg_rephrase_messages as {{ type_double() }}) as avg_rephrase_messages,
        cast(channel_switched_tickets as {{ dbt.type_bigint() }}) as channel_switched_tickets,
        cast({{ weekly_rate('channel_switch_rate') }} as {{ type_double() }}) as channel_switch_rate,
        cast(ai_answers as {{ dbt.type_bigint() }}) as ai_answers,
        cast(rated_ai_answers as {{ dbt.type_bigint() }}) as rated_ai_answers,
        cast(ai_answers_rated_up as {{ dbt.type_bigint() }}) as ai_answers_rated_up,
        cast(ai_answers_missed as {{ dbt.type_bigint() }}) as ai_answers_missed,
        cast({{ weekly_rate('answer_rated_up_share') }} as {{ type_double() }}) as answer_rated_up_share,
        cast({{ weekly_rate('answer_missed_share') }} as {{ type_double() }}) as answer_missed_share
    from counted
)

select * from final
