//! The tables, one description for both backends (the migrations give each its dialect).

diesel::table! {
    resolutions (id) {
        id -> Integer,
        code -> Text,
        title_vi -> Text,
        title_en -> Text,
        baseline_year -> Integer,
        goal_year -> Integer,
        loaded_at -> Timestamp,
        area_code -> Nullable<Text>,
        area_name_vi -> Nullable<Text>,
        area_name_en -> Nullable<Text>,
        area_ends -> Nullable<Date>,
        unit_changes -> Text,
        estimate_due -> Text,
        official_due -> Text,
        agencies -> Text,
        counting -> Text,
    }
}

diesel::table! {
    target_groups (id) {
        id -> Integer,
        resolution_id -> Integer,
        code -> Text,
        title_vi -> Text,
        title_en -> Text,
        position -> Integer,
        retired -> Bool,
    }
}

diesel::table! {
    breakthroughs (id) {
        id -> Integer,
        resolution_id -> Integer,
        code -> Text,
        title_vi -> Text,
        title_en -> Text,
        source_text_vi -> Nullable<Text>,
        position -> Integer,
        retired -> Bool,
    }
}

diesel::table! {
    targets (id) {
        id -> Integer,
        resolution_id -> Integer,
        code -> Text,
        group_code -> Text,
        title_vi -> Text,
        title_en -> Text,
        source_text_vi -> Text,
        kind -> Text,
        comparator -> Nullable<Text>,
        goal -> Nullable<Double>,
        goal_year -> Integer,
        unit_vi -> Text,
        unit_en -> Text,
        breakthrough_code -> Nullable<Text>,
        min_value -> Nullable<Double>,
        max_value -> Nullable<Double>,
        whole -> Bool,
        position -> Integer,
        rollup -> Text,
        counted_kinds -> Text,
        retired -> Bool,
        continues -> Nullable<Text>,
        numerator_vi -> Text,
        numerator_en -> Text,
        denominator_vi -> Text,
        denominator_en -> Text,
        agency -> Nullable<Text>,
        co_agencies -> Text,
    }
}

diesel::table! {
    units (id) {
        id -> Integer,
        resolution_id -> Integer,
        code -> Text,
        name_vi -> Text,
        name_en -> Text,
        kind -> Text,
        starts -> Nullable<Date>,
        ends -> Nullable<Date>,
        position -> Integer,
    }
}

diesel::joinable!(units -> resolutions (resolution_id));

diesel::table! {
    measurements (id) {
        id -> Integer,
        target_id -> Integer,
        unit -> Text,
        year -> Integer,
        quality -> Text,
        value -> Nullable<Double>,
        state -> Nullable<Text>,
        numerator -> Nullable<Double>,
        denominator -> Nullable<Double>,
        source -> Nullable<Text>,
        note -> Nullable<Text>,
        revision -> Integer,
        changed_by -> Text,
        changed_at -> Timestamp,
        approval -> Text,
        approval_note -> Nullable<Text>,
    }
}

diesel::table! {
    measurement_history (id) {
        id -> Integer,
        target_id -> Integer,
        year -> Integer,
        quality -> Text,
        action -> Text,
        channel -> Text,
        revision -> Integer,
        old_value -> Nullable<Double>,
        old_state -> Nullable<Text>,
        old_source -> Nullable<Text>,
        old_note -> Nullable<Text>,
        new_value -> Nullable<Double>,
        new_state -> Nullable<Text>,
        new_source -> Nullable<Text>,
        new_note -> Nullable<Text>,
        changed_by -> Text,
        changed_at -> Timestamp,
        unit -> Text,
        old_numerator -> Nullable<Double>,
        old_denominator -> Nullable<Double>,
        new_numerator -> Nullable<Double>,
        new_denominator -> Nullable<Double>,
        reason -> Nullable<Text>,
    }
}

diesel::joinable!(target_groups -> resolutions (resolution_id));
diesel::joinable!(breakthroughs -> resolutions (resolution_id));
diesel::joinable!(targets -> resolutions (resolution_id));
diesel::table! {
    rollup_totals (target_id, year, kind, unit) {
        target_id -> Integer,
        year -> Integer,
        kind -> Text,
        unit -> Text,
        reported -> Integer,
        estimates -> Integer,
        value_sum -> Double,
        numerator_sum -> Double,
        denominator_sum -> Double,
        yes_count -> Integer,
    }
}

diesel::joinable!(rollup_totals -> targets (target_id));
diesel::joinable!(measurements -> targets (target_id));
diesel::joinable!(measurement_history -> targets (target_id));

diesel::allow_tables_to_appear_in_same_query!(
    resolutions,
    target_groups,
    breakthroughs,
    targets,
    measurements,
    measurement_history,
    units,
    rollup_totals,
);

diesel::table! {
    users (id) {
        id -> Integer,
        name -> Text,
        password_hash -> Text,
        role -> Text,
        disabled -> Bool,
        created_at -> Timestamp,
        unit -> Nullable<Text>,
        unit_resolution -> Nullable<Text>,
        agency -> Nullable<Text>,
        agency_resolution -> Nullable<Text>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Integer,
        token_hash -> Text,
        user_id -> Integer,
        csrf_token -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Integer,
        token_hash -> Text,
        user_id -> Integer,
        label -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    app_secrets (name) {
        name -> Text,
        value -> Text,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(users, sessions, api_tokens, app_secrets);

diesel::table! {
    signin_failures (id) {
        id -> Integer,
        key -> Text,
        failed_at -> Timestamp,
    }
}

diesel::table! {
    assessments (id) {
        id -> Integer,
        breakthrough_id -> Integer,
        year -> Integer,
        status -> Text,
        text -> Text,
        revision -> Integer,
        changed_by -> Text,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    assessment_history (id) {
        id -> Integer,
        breakthrough_id -> Integer,
        year -> Integer,
        revision -> Integer,
        old_status -> Nullable<Text>,
        old_text -> Nullable<Text>,
        new_status -> Text,
        new_text -> Text,
        changed_by -> Text,
        changed_at -> Timestamp,
    }
}

diesel::joinable!(assessments -> breakthroughs (breakthrough_id));
diesel::joinable!(assessment_history -> breakthroughs (breakthrough_id));
diesel::allow_tables_to_appear_in_same_query!(assessments, assessment_history, breakthroughs);

diesel::table! {
    catalog_history (id) {
        id -> Integer,
        resolution_id -> Integer,
        entry -> Text,
        field -> Text,
        old_value -> Text,
        new_value -> Text,
        changed_by -> Text,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    year_locks (id) {
        id -> Integer,
        resolution_id -> Integer,
        year -> Integer,
        action -> Text,
        reason -> Text,
        changed_by -> Text,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    target_assessments (id) {
        id -> Integer,
        target_id -> Integer,
        year -> Integer,
        status -> Text,
        text -> Text,
        revision -> Integer,
        changed_by -> Text,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    target_assessment_history (id) {
        id -> Integer,
        target_id -> Integer,
        year -> Integer,
        revision -> Integer,
        old_status -> Nullable<Text>,
        old_text -> Nullable<Text>,
        new_status -> Text,
        new_text -> Text,
        changed_by -> Text,
        changed_at -> Timestamp,
    }
}

diesel::joinable!(target_assessments -> targets (target_id));
diesel::joinable!(target_assessment_history -> targets (target_id));
diesel::allow_tables_to_appear_in_same_query!(
    target_assessments,
    target_assessment_history,
    targets
);
