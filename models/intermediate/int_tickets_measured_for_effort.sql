{#-
    Customer effort per ticket:
    - customer messages before the first useful answer: customer messages sent before the
      first agent answer (AI or human) that the customer did not follow with confusion;
      every customer message when no answer was useful;
    - rephrasings: customer messages that restate an earlier one (int_conversation_turns_classified);
    - channel switch: the customer came back about it on another channel.
    effort_score = messages before the useful answer
        + var effort_rephrase_points x rephrasings
        + var effort_channel_switch_points x (1 if switched, else 0).
-#}
{{ per_ticket_config(daily_run_scope='affected') }}

with

tickets as (select * from {{ ref('int_tickets_rolled_up') }}),

turns as (select * from {{ ref('int_conversation_turns_classified') }}),

answers as (select * from {{ ref('int_answers_checked_for_follow_up') }}),

trajectories as (select * from {{ ref('int_tickets_described_by_trajectory') }}),

channel_switches as (select * from {{ ref('int_tickets_checked_for_channel_switch') }}),

first_useful_answers as (
    select
        ticket_id,
        min(turn_position) as useful_answer_position
    from answers
    where not is_followed_by_confusion
    group by ticket_id
),

messages_before_useful_answer as (
    select
        turns.ticket_id,
        count(*) as customer_messages_before_useful_answer
    from turns
    left join first_useful_answers on turns.ticket_id = first_useful_answers.ticket_id
    where
        turns.is_customer_message
        and (
            first_useful_answers.useful_answer_position is null
            or turns.turn_position < first_useful_answers.useful_answer_position
        )
    group by turns.ticket_id
),

measured as (
    select
        tickets.ticket_id,
        coalesce(messages_before_useful_answer.customer_messages_before_useful_answer, 0)
            as customer_messages_before_useful_answer,
        trajectories.rephrase_messages,
        channel_switches.is_channel_switched,
        first_useful_answers.ticket_id is not null as has_useful_answer
    from tickets
    inner join trajectories on tickets.ticket_id = trajectories.ticket_id
    inner join channel_switches on tickets.ticket_id = channel_switches.ticket_id
    left join first_useful_answers on tickets.ticket_id = first_useful_answers.ticket_id
    left join messages_before_useful_answer
        on tickets.ticket_id = messages_before_useful_answer.ticket_id
),

final as (
    select
        ticket_id,
        customer_messages_before_useful_answer,
        rephrase_messages,
        customer_messages_before_useful_answer
        + {{ var('effort_rephrase_points') }} * rephrase_messages
        + {{ var('effort_channel_switch_points') }} * case when is_channel_switched then 1 else 0 end
            as effort_score,
        has_useful_answer,
        {{ batch_loaded_at() }} as loaded_at
    from measured
)

select * from final
