{#-
    One row per raw conversation_turns row: typed, the body redacted, with the reason it is
    rejected (null when it passes). The agent's actions (turn_type tool_call / tool_result)
    keep no body at all: their arguments and results are full of personal data, so only the
    tool's name and whether it failed pass (from the optional columns tool_name and
    is_tool_error or, where those are empty, from the body: see agent_tool_turns_from_body). Copies of a turn_id: the first (by sent_at, then content_hash)
    is kept; a copy with the same content is merged into it, a copy that differs is
    rejected as a conflicting duplicate.
    Incremental: a daily run checks the delivered rows and ranks them with the stored copies
    of the same ids; a delivered row identical to a stored one is already loaded and skipped.
-#}
{{ config(
    materialized=daily_run_materialization(), unique_key='turn_id', incremental_strategy='delete+insert'
) }}

with

source as (select * from {{ ref('base_support__conversation_turns') }}),

texts as (
    select
        {{ clean_text('turn_id') }} as turn_id,
        {{ clean_text('ticket_id') }} as ticket_id,
        lower({{ clean_text('author_role') }}) as author_role,
        -- An empty turn_type is a message.
        coalesce(lower({{ clean_text('turn_type') }}), 'message') as turn_type,
        cast(body as {{ dbt.type_string() }}) as raw_body,
        lower({{ clean_text('feedback') }}) as feedback,
        {{ clean_text('tool_name') }} as tool_name_text,
        lower({{ clean_text('is_tool_error') }}) as is_tool_error_text,
        {{ clean_text('ai_confidence') }} as ai_confidence_text,
        {{ clean_text('sent_at') }} as sent_at_text,
        {{ row_as_json('source') }} as raw_row
    from source
),

typed as (
    select
        *,
        {{ dbt.safe_cast('ai_confidence_text', type_double()) }} as ai_confidence,
        {{ parse_boolean('is_tool_error_text') }} as is_tool_error_flag,
        {{ parse_timestamp_utc('sent_at_text') }} as sent_at,
        {{ dbt.hash('raw_row') }} as raw_row_hash
    from texts
),

checked as (
    select
        *,
        case
            when lower(turn_id) = 'turn_id' and lower(sent_at_text) = 'sent_at'
                then 'repeated_header_row'
            when turn_id is null then 'missing_turn_id'
            when ticket_id is null then 'missing_ticket_id'
            when sent_at_text is null then 'missing_sent_at'
            when sent_at is null then 'unparseable_timestamp'
            when {{ is_after_load('sent_at') }} then 'future_timestamp'
            when author_role is null or author_role not in ('customer', 'ai_agent', 'human_agent', 'system')
                then 'unknown_author_role'
            when turn_type not in ('message', 'handoff', 'note', 'tool_call', 'tool_result')
                then 'unknown_turn_type'
            when
                ai_confidence_text is not null
                and not coalesce(ai_confidence between 0 and 1, false)
                then 'invalid_ai_confidence'
            when feedback not in ('up', 'down') then 'invalid_feedback'
            when is_tool_error_text is not null and is_tool_error_flag is null
                then 'invalid_is_tool_error'
        end as row_rejection_reason,
        {{ dbt.hash(dbt.concat([
            "coalesce(ticket_id, '')", "'|'", "author_role", "'|'", "turn_type", "'|'",
            "coalesce(raw_body, '')", "'|'", "coalesce(feedback, '')", "'|'",
            "coalesce(cast(ai_confidence as " ~ dbt.type_string() ~ "), '')", "'|'",
            "coalesce(tool_name_text, '')", "'|'", "coalesce(is_tool_error_text, '')", "'|'",
            "cast(sent_at as " ~ dbt.type_string() ~ ")",
        ])) }} as content_hash
    from typed
),

delivered as (
    select
        raw_row_hash,
        turn_id,
        ticket_id,
        author_role,
        turn_type,
        case
            when turn_type not in ('tool_call', 'tool_result') then {{ redact_personal_data('raw_body') }}
        end as body,
        feedback,
        {{ agent_tool_turns_from_body('turn_type', 'tool_name_text', 'is_tool_error_flag', 'raw_body') }},
        row_rejection_reason,
        content_hash,
        -- Redacting JSON is costly: only the rows failing a row check keep their raw row.
        case
            when row_rejection_reason is not null
                then {{ redact_personal_data_in_json(without_agent_tool_body('raw_row', 'turn_type')) }}
        end as raw_row,
        ai_confidence,
        sent_at
    from checked
),

-- The delivered rows and, in a daily run, the stored rows of the same keys, ranked together.
candidates as (
    {{ delivered_and_stored_rows('turn_id', [
        'raw_row_hash', 'turn_id', 'ticket_id', 'author_role', 'turn_type', 'body', 'feedback',
        'tool_name', 'is_tool_error',
        "case when rejection_reason <> 'conflicting_duplicate_id' then rejection_reason end as row_rejection_reason",
        'content_hash',
        "case when rejection_reason <> 'conflicting_duplicate_id' then raw_row end as raw_row",
        'ai_confidence', 'sent_at',
    ]) }}
),

ranked_copies as (
    select
        *,
        row_number() over copies as copy_rank,
        first_value(raw_row_hash) over copies as winning_row_hash,
        first_value(content_hash) over copies as winning_content_hash
    from candidates
    window copies as (
        partition by turn_id, row_rejection_reason
        order by sent_at, content_hash, raw_row_hash
    )
),

final as (
    select
        raw_row_hash,
        turn_id,
        ticket_id,
        author_role,
        turn_type,
        body,
        feedback,
        tool_name,
        is_tool_error,
        case
            when row_rejection_reason is not null then row_rejection_reason
            when content_hash <> winning_content_hash then 'conflicting_duplicate_id'
        end as rejection_reason,
        case when row_rejection_reason is null then winning_row_hash end as winning_row_hash,
        -- A copy that was typed but conflicts shows its typed, redacted values.
        case
            when row_rejection_reason is not null then raw_row
            when content_hash <> winning_content_hash
                then {{ columns_as_json([
                    'turn_id', 'ticket_id', 'author_role', 'turn_type', 'body', 'feedback',
                    'ai_confidence', 'sent_at',
                ]) }}
        end as raw_row,
        content_hash,
        ai_confidence,
        row_rejection_reason is null and copy_rank = 1 as is_first_copy,
        sent_at,
        {{ batch_loaded_at() }} as loaded_at
    from ranked_copies
)

select * from final
