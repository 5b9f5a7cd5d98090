{#-
    One row per day: the calendar MetricFlow joins metrics to (metric_time), from
    var metric_time_spine_start to var metric_time_spine_end.
-#}
with

days as (
    {{ dbt.date_spine(
        'day',
        "cast('" ~ var('metric_time_spine_start') ~ "' as date)",
        "cast('" ~ var('metric_time_spine_end') ~ "' as date)",
    ) }}
),

final as (
    select cast(date_day as date) as date_day
    from days
)

select * from final
