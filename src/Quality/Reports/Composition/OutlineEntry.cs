namespace Quality.Reports.Composition;

/// <summary>A heading as it appears in the outline (bookmarks) and the contents: level 1–3, text, destination name.</summary>
public sealed record OutlineEntry(int Level, string Title, string Anchor);
