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
        value is null ? "—" : NoNegativeZero(value.Value, decimals).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    // −0.0004 shown as "-0.000" reads as a sign that is not there.
    private static double NoNegativeZero(double v, int decimals) => Math.Round(v, decimals) == 0 ? 0.0 : v;

    public static string Percent(double? share, int decimals = 1) =>
        share is null ? "—" : NoNegativeZero(share.Value * 100, decimals).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + "%";

    public static string Seconds(double? seconds) =>
        seconds is null ? "—" : seconds.Value.ToString(seconds.Value < 10 ? "F1" : "F0", CultureInfo.InvariantCulture) + " s";

    public static string Money(double? amount, string currency = "USD") =>
        amount is null ? "—" : currency + " " + amount.Value.ToString("N2", CultureInfo.InvariantCulture);

    /// <summary>A change with its sign: "+0.012", "−3.1 pp" (percentage points for shares).</summary>
    public static string Change(double? delta, bool share = false)
    {
        if (delta is null) return "—";
        var v = Math.Round(share ? delta.Value * 100 : delta.Value, share ? 1 : 3);
        return Signed(v, Math.Abs(v).ToString(share ? "F1" : "F3", CultureInfo.InvariantCulture) + (share ? " pp" : ""));
    }

    /// <summary>A relative change in a count: "+12%".</summary>
    public static string RelativeChange(long now, long before)
    {
        if (before == 0) return now == 0 ? "±0%" : "new";
        var v = Math.Round((now - before) * 100.0 / before);
        return Signed(v, Math.Abs(v).ToString("F0", CultureInfo.InvariantCulture) + "%");
    }

    private static string Signed(double rounded, string magnitude) => (rounded > 0 ? "+" : rounded < 0 ? "−" : "±") + magnitude;

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " KB",
        _ => (bytes / (1024.0 * 1024)).ToString("F1", CultureInfo.InvariantCulture) + " MB",
    };
}
