using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using Quality.Storage;

namespace Quality.Ingestion;

/// <summary>
/// Moves a complete staging area into the project's tables in one transaction: new items, fields and annotators
/// are added, answers replace earlier answers with the same source id, gold replaces gold of the same item and field.
/// </summary>
internal static class ImportMerge
{
    public sealed record Context(string Project, string File, string Format, string Sha256, long Bytes, DateTime StartedUtc, string? ImportedBy);

    // An answer without a tool id is identified by what it answers: one annotator, one item, one field.
    private const string SourceIdExpr = "coalesce(s.source_id, s.item_key || chr(31) || s.field || chr(31) || s.annotator)";

    public static ImportSummary Run(DuckDBConnection c, ImportStaging staging, Context ctx)
    {
        using var tx = c.BeginTransaction();

        c.Execute("INSERT INTO projects (name, created_at) SELECT $name, $now WHERE NOT EXISTS (SELECT 1 FROM projects WHERE name = $name)",
            ("name", ctx.Project), ("now", DateTime.UtcNow));
        var pid = (int)c.ScalarLong("SELECT project_id FROM projects WHERE name = $name", ("name", ctx.Project));
        var importId = (int)c.ScalarLong("SELECT nextval('import_id_seq')");
        var p = ("pid", (object?)pid);

        var fieldNames = MergeFields(c, pid, staging);
        WrapSingleLabels(c, pid, fieldNames);

        var itemsBefore = c.ScalarLong("SELECT count(*) FROM items WHERE project_id = $pid", p);
        // New items and annotators get their ids in key order: a parallel GROUP BY emits groups in no fixed order,
        // and analyses code items and raters in id order, so without it two imports of the same file could give
        // different bootstrap intervals and random subsets (and audit reports different fingerprints).
        // When every answer's item was declared with its content (the usual case), stg_items alone names the items;
        // otherwise the answers' item keys are added to it (a hash over every answer: the slow path).
        c.Execute(
            staging.AnswersUseDeclaredItems
                ? """
                  INSERT INTO items (project_id, external_key, text, media_ref)
                  SELECT $pid, item_key, any_value(text), any_value(media_ref) FROM stg_items k
                  WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.project_id = $pid AND i.external_key = k.item_key)
                  GROUP BY item_key
                  ORDER BY item_key
                  """
                : """
                  INSERT INTO items (project_id, external_key, text, media_ref)
                  SELECT $pid, k.item_key, any_value(si.text), any_value(si.media_ref)
                  FROM (SELECT item_key FROM stg_annotations UNION SELECT item_key FROM stg_gold UNION SELECT item_key FROM stg_items) k
                  LEFT JOIN stg_items si USING (item_key)
                  WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.project_id = $pid AND i.external_key = k.item_key)
                  GROUP BY k.item_key
                  ORDER BY k.item_key
                  """, p);
        // An export that now carries an item's text fills it in; it never erases what is there. Only rows that gain
        // something are touched: rewriting every item of a large import costs as much as inserting it.
        if (itemsBefore > 0)
        {
            c.Execute(
                """
                UPDATE items SET text = coalesce(items.text, s.text), media_ref = coalesce(items.media_ref, s.media_ref)
                FROM (SELECT item_key, any_value(text) AS text, any_value(media_ref) AS media_ref FROM stg_items GROUP BY item_key) s
                WHERE items.project_id = $pid AND items.external_key = s.item_key
                  AND ((items.text IS NULL AND s.text IS NOT NULL) OR (items.media_ref IS NULL AND s.media_ref IS NOT NULL))
                """, p);
        }
        var itemsAdded = c.ScalarLong("SELECT count(*) FROM items WHERE project_id = $pid", p) - itemsBefore;

        var annotatorsAdded = (long)c.Execute(
            """
            INSERT INTO annotators (project_id, external_key, display_name)
            SELECT $pid, k.annotator, any_value(k.display_name)
            FROM stg_annotators k
            WHERE NOT EXISTS (SELECT 1 FROM annotators a WHERE a.project_id = $pid AND a.external_key = k.annotator)
            GROUP BY k.annotator
            ORDER BY k.annotator
            """, p);

        // An answer given twice in the file (same answer id, or same item, field and annotator): the last one wins.
        // Duplicates are rare, so they are found first (one hash aggregate) and only they are ranked and removed.
        var sourceId = SourceIdExpr.Replace("s.", "", StringComparison.Ordinal);
        var duplicates = !staging.MayHaveDuplicateAnswers() ? 0 : (long)c.Execute(
            $"""
            DELETE FROM stg_annotations WHERE rowid IN (
                SELECT rowid FROM (
                    SELECT rowid, row_number() OVER (PARTITION BY {sourceId} ORDER BY line DESC) AS rank FROM stg_annotations
                    WHERE {sourceId} IN (SELECT {sourceId} FROM stg_annotations GROUP BY ALL HAVING count(*) > 1))
                WHERE rank > 1)
            """);
        if (duplicates > 0) staging.Skip("duplicate answer in the file (same answer id, or same item, field and annotator): the last one was kept", duplicates);

        // Every staged answer resolves: its item, field and annotator were all inserted above. So the answers go
        // straight from staging into the table (no intermediate copy of a million rows), and an answer id seen
        // before is replaced: a project's first import replaces nothing and skips that semi-join.
        var replaced = c.ScalarLong("SELECT count(*) FROM annotations WHERE project_id = $pid", p) == 0 ? 0 : (long)c.Execute(
            $"DELETE FROM annotations WHERE project_id = $pid AND source_id IN (SELECT {SourceIdExpr} FROM stg_annotations s)", p);
        // Ordinal answers get their position in the field's order when the label is not itself a number.
        var resolved = (long)c.Execute(
            $"""
            INSERT INTO annotations (project_id, item_id, field_id, annotator_id, value, value_num, geometry, created_at, lead_time_s, source_id, review, import_id)
            SELECT $pid, i.item_id, f.field_id, a.annotator_id, s.value,
                   coalesce(s.value_num, CASE WHEN f.kind = 'ordinal' THEN list_position(CAST(f.categories AS VARCHAR[]), s.value) END),
                   s.geometry, s.created_at, s.lead_time_s, {SourceIdExpr}, s.review, $iid
            FROM stg_annotations s
            JOIN items i ON i.project_id = $pid AND i.external_key = s.item_key
            JOIN fields f ON f.project_id = $pid AND f.name = s.field
            JOIN annotators a ON a.project_id = $pid AND a.external_key = s.annotator
            """, p, ("iid", importId));
        var staged = c.ScalarLong("SELECT count(*) FROM stg_annotations");
        if (resolved != staged) throw new InvalidOperationException($"{staged - resolved} staged answers did not resolve to an item, field and annotator");

        c.Execute(
            """
            CREATE OR REPLACE TEMP TABLE stg_gold_resolved AS
            SELECT i.item_id, f.field_id, s.value,
                   coalesce(s.value_num, CASE WHEN f.kind = 'ordinal' THEN list_position(CAST(f.categories AS VARCHAR[]), s.value) END) AS value_num,
                   s.geometry
            FROM stg_gold s
            JOIN items i ON i.project_id = $pid AND i.external_key = s.item_key
            JOIN fields f ON f.project_id = $pid AND f.name = s.field
            QUALIFY row_number() OVER (PARTITION BY s.item_key, s.field ORDER BY s.line DESC) = 1
            """, p);
        c.Execute(
            """
            DELETE FROM gold WHERE project_id = $pid
              AND EXISTS (SELECT 1 FROM stg_gold_resolved g WHERE g.item_id = gold.item_id AND g.field_id = gold.field_id)
            """, p);
        c.Execute(
            "INSERT INTO gold SELECT $pid, item_id, field_id, value, value_num, geometry, $iid FROM stg_gold_resolved",
            p, ("iid", importId));

        var items = c.ScalarLong(staging.AnswersUseDeclaredItems
            ? "SELECT count(DISTINCT item_key) FROM stg_items"
            : "SELECT count(*) FROM (SELECT item_key FROM stg_annotations UNION SELECT item_key FROM stg_gold UNION SELECT item_key FROM stg_items)");
        var annotators = c.ScalarLong("SELECT count(DISTINCT annotator) FROM stg_annotations");
        var goldItems = c.ScalarLong("SELECT count(DISTINCT item_id) FROM stg_gold_resolved");
        c.Execute("DROP TABLE stg_gold_resolved");

        c.Execute(
            """
            INSERT INTO imports (import_id, project_id, file_name, format, sha256, file_bytes, status, rows_read, items_added,
                annotators_added, annotations_added, annotations_replaced, gold_added, skipped, skipped_reasons,
                started_at, finished_at, imported_by, items, annotators, annotations, gold_items, fields)
            VALUES ($iid, $pid, $file, $format, $sha, $bytes, 'succeeded', $rows, $items_added, $annotators_added, $added,
                $replaced, $gold, $skipped, $reasons, $started, $finished, $by, $items, $annotators, $annotations, $gold_items, $fields)
            """,
            ("iid", importId), p, ("file", ctx.File), ("format", ctx.Format), ("sha", ctx.Sha256), ("bytes", ctx.Bytes),
            ("rows", staging.AnnotationCount + staging.GoldCount + staging.SkippedCount - duplicates),
            ("items_added", itemsAdded), ("annotators_added", annotatorsAdded), ("added", resolved - replaced),
            ("replaced", replaced), ("gold", goldItems), ("skipped", staging.SkippedCount),
            ("reasons", JsonSerializer.Serialize(staging.SkippedReasons)), ("started", ctx.StartedUtc), ("finished", DateTime.UtcNow),
            ("by", ctx.ImportedBy), ("items", items), ("annotators", annotators), ("annotations", resolved), ("gold_items", goldItems),
            ("fields", JsonSerializer.Serialize(fieldNames)));

        tx.Commit();
        return LoadSummary(c, importId)!;
    }

    /// <summary>Declares the staged fields: a new field gets its inferred kind; an existing one keeps its kind and gains new categories.</summary>
    private static List<string> MergeFields(DuckDBConnection c, int pid, ImportStaging staging)
    {
        var names = new List<string>();
        foreach (var stats in staging.Fields.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            names.Add(stats.Name);
            var existing = c.Query("SELECT kind, categories FROM fields WHERE project_id = $pid AND name = $name",
                r => (Kind: r.GetString(0), Categories: r.StringOrNull(1)), ("pid", pid), ("name", stats.Name));
            if (existing.Count == 0)
            {
                var kind = stats.InferKind();
                var categories = stats.Categories(kind);
                c.Execute("INSERT INTO fields (project_id, name, kind, categories) VALUES ($pid, $name, $kind, $cat)",
                    ("pid", pid), ("name", stats.Name), ("kind", kind.ToDb()),
                    ("cat", categories.Count > 0 ? JsonSerializer.Serialize(categories) : null));
            }
            else
            {
                var kind = FieldKinds.Parse(existing[0].Kind);
                var old = existing[0].Categories is { } json ? JsonSerializer.Deserialize<List<string>>(json) ?? [] : [];
                var merged = old.Concat(stats.Categories(kind).Where(x => !old.Contains(x, StringComparer.Ordinal))).ToList();
                if (merged.Count != old.Count)
                    c.Execute("UPDATE fields SET categories = $cat WHERE project_id = $pid AND name = $name",
                        ("pid", pid), ("name", stats.Name), ("cat", JsonSerializer.Serialize(merged)));
            }
        }
        return names;
    }

    /// <summary>
    /// A multi-label field's answers are JSON arrays. An importer that learns a field is multi-label only from some
    /// answers (a Label Studio choice control without its config) writes the others as a bare label; wrap them, so
    /// every answer of the field has one form: `Cat` becomes `["Cat"]`, written as JsonSerializer writes arrays.
    /// </summary>
    private static void WrapSingleLabels(DuckDBConnection c, int pid, List<string> staged)
    {
        var multi = c.Query("SELECT name FROM fields WHERE project_id = $pid AND kind = 'multi_label'", r => r.GetString(0), ("pid", pid))
            .Where(staged.Contains).ToList();
        if (multi.Count == 0) return;
        c.Execute("CREATE OR REPLACE TEMP TABLE stg_multi_fields (field VARCHAR); CREATE OR REPLACE TEMP TABLE stg_multi_map (value VARCHAR, json VARCHAR);");
        using (var fields = c.CreateAppender("temp", "main", "stg_multi_fields"))
            foreach (var f in multi) fields.CreateRow().AppendValue(f).EndRow();
        var bare = c.Query(
            """
            SELECT DISTINCT value FROM (SELECT field, value FROM stg_annotations UNION ALL SELECT field, value FROM stg_gold)
            WHERE field IN (SELECT field FROM stg_multi_fields) AND value IS NOT NULL AND NOT starts_with(value, '[')
            """, r => r.GetString(0));
        if (bare.Count > 0)
        {
            using (var map = c.CreateAppender("temp", "main", "stg_multi_map"))
                foreach (var v in bare) map.CreateRow().AppendValue(v).AppendValue(JsonSerializer.Serialize(new[] { v })).EndRow();
            foreach (var table in new[] { "stg_annotations", "stg_gold" })
                c.Execute(
                    $"""
                    UPDATE {table} SET value = m.json FROM stg_multi_map m
                    WHERE {table}.value = m.value AND {table}.field IN (SELECT field FROM stg_multi_fields)
                    """);
        }
        c.Execute("DROP TABLE stg_multi_fields; DROP TABLE stg_multi_map;");
    }

    public static ImportSummary? LoadSummary(DuckDBConnection c, int importId)
    {
        var rows = c.Query(
            """
            SELECT i.import_id, p.name, i.file_name, i.format, i.sha256, i.items, i.annotations, i.annotators, i.fields,
                   i.gold_items, i.skipped, i.skipped_reasons, i.items_added, i.annotators_added, i.annotations_added,
                   i.annotations_replaced, epoch(i.finished_at - i.started_at)
            FROM imports i JOIN projects p USING (project_id) WHERE i.import_id = $id
            """,
            r => new ImportSummary
            {
                ImportId = Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture),
                Project = r.GetString(1), File = r.GetString(2), Format = r.GetString(3), Sha256 = r.GetString(4),
                Items = r.LongOrNull(5) ?? 0, Annotations = r.LongOrNull(6) ?? 0, Annotators = r.LongOrNull(7) ?? 0,
                Fields = JsonSerializer.Deserialize<List<string>>(r.StringOrNull(8) ?? "[]") ?? [],
                GoldItems = r.LongOrNull(9) ?? 0, Skipped = r.LongOrNull(10) ?? 0,
                SkippedReasons = JsonSerializer.Deserialize<Dictionary<string, long>>(r.StringOrNull(11) ?? "{}") ?? [],
                ItemsAdded = r.LongOrNull(12) ?? 0, AnnotatorsAdded = r.LongOrNull(13) ?? 0,
                AnnotationsAdded = r.LongOrNull(14) ?? 0, AnnotationsReplaced = r.LongOrNull(15) ?? 0,
                Elapsed = TimeSpan.FromSeconds(r.DoubleOrNull(16) ?? 0),
            },
            ("id", importId));
        return rows.Count == 0 ? null : rows[0];
    }
}
