using System.Globalization;

namespace Quality.Web.Features.Shared;

/// <summary>How numbers and dates look on every page: invariant culture, UTC, a dash for a missing value.</summary>
public static class Fmt
{
    public static string Version { get; } =
        typeof(Fmt).Assembly.GetName().Version?.ToString(3) ?? "dev";

    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Date(DateTime? utc) => utc is null ? "—" : utc.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string DateTime(DateTime? utc) => utc is null ? "—" : utc.Value.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Number(double? value, int decimals = 3) =>
        value is null ? "—" : value.Value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Percent(double? share, int decimals = 1) =>
        share is null ? "—" : (share.Value * 100).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + "%";

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " KB",
        _ => (bytes / (1024.0 * 1024)).ToString("F1", CultureInfo.InvariantCulture) + " MB",
    };
}
