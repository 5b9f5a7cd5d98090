-- The AI vendor's own verdicts (tickets.vendor_resolution_state) audited against the
-- project's: of the resolutions the vendor counted, and bills, how many came back.
{%- set assumed_states = var('vendor_assumed_resolution_states') %}
{%- set confirmed_states = var('vendor_confirmed_resolution_states') %}

with

tickets as (select * from {{ ref('fct_tickets') }}),

judged_by_vendor as (
    select
        {{ intent_label('intent') }} as intent,
        week_start,
        vendor_resolution_state in ('{{ assumed_states | join("', '") }}') as is_vendor_assumed,
        vendor_resolution_state in ('{{ confirmed_states | join("', '") }}') as is_vendor_confirmed,
        is_escalated,
        is_recontacted,
        is_ai_resolved,
        is_recontact_window_complete
    from tickets
    where vendor_resolution_state is not null
),

classified as (
    select
        *,
        is_vendor_assumed or is_vendor_confirmed as is_vendor_resolved
    from judged_by_vendor
),

counted as (
    select
        intent,
        week_start,
        count(*) as vendor_judged_tickets,
        sum(case when is_vendor_assumed then 1 else 0 end) as vendor_assumed_resolutions,
        sum(case when is_vendor_confirmed then 1 else 0 end) as vendor_confirmed_resolutions,
        sum(case when is_vendor_resolved then 1 else 0 end) as vendor_resolutions,
        sum(case when is_vendor_resolved and is_recontacted then 1 else 0 end)
            as vendor_resolutions_recontacted,
        sum(case when is_vendor_resolved and is_escalated then 1 else 0 end)
            as vendor_resolutions_escalated,
        sum(case when is_vendor_assumed and not is_ai_resolved then 1 else 0 end)
            as vendor_assumed_resolutions_came_back,
        sum(case when is_vendor_resolved and not is_ai_resolved then 1 else 0 end)
            as vendor_resolutions_came_back,
        sum(case when is_ai_resolved then 1 else 0 end) as ai_resolved_tickets,
        min(case when is_recontact_window_complete then 1 else 0 end) = 1
            as is_recontact_window_complete
    from classified
    group by intent, week_start
),

final as (
    select
        intent,
        week_start,
        cast(vendor_judged_tickets as {{ dbt.type_bigint() }}) as vendor_judged_tickets,
        cast(vendor_assumed_resolutions as {{ dbt.type_bigint() }}) as vendor_assumed_resolutions,
        cast(vendor_confirmed_resolutions as {{ dbt.type_bigint() }}) as vendor_confirmed_resolutions,
        cast(vendor_resolutions as {{ dbt.type_bigint() }}) as vendor_resolutions,
        cast(vendor_resolutions_recontacted as {{ dbt.type_bigint() }}) as vendor_resolutions_recontacted,
        cast(vendor_resolutions_escalated as {{ dbt.type_bigint() }}) as vendor_resolutions_escalated,
        cast(vendor_assumed_resolutions_came_back as {{ dbt.type_bigint() }})
            as vendor_assumed_resolutions_came_back,
        cast(vendor_resolutions_came_back as {{ dbt.type_bigint() }}) as vendor_resolutions_came_back,
        cast(ai_resolved_tickets as {{ dbt.type_bigint() }}) as ai_resolved_tickets,
        cast(
            vendor_resolutions * {{ var('vendor_price_per_resolution') }} as {{ type_double() }}
        ) as vendor_resolution_cost,
        cast(
            vendor_resolutions_came_back * {{ var('vendor_price_per_resolution') }} as {{ type_double() }}
        ) as came_back_resolution_cost,
        cast(
            case
                when ai_resolved_tickets > 0
                    then vendor_resolutions * {{ var('vendor_price_per_resolution') }} / ai_resolved_tickets
            end as {{ type_double() }}
        ) as cost_per_ai_resolution,
        is_recontact_window_complete
    from counted
)

select * from final
