using System.ComponentModel.DataAnnotations;

namespace Quality.Web.Infrastructure;

/// <summary>The `Quality` section of the configuration (environment: `Quality__DataDir`, …).</summary>
public sealed class QualityOptions
{
    public const string Section = "Quality";

    /// <summary>Folder for the DuckDB file, Hangfire's SQLite file and uploads; relative to the working directory.</summary>
    [Required]
    public string DataDir { get; set; } = "data";

    /// <summary>Where the sample project lives; loaded when the database has no project yet. Empty: don't load.</summary>
    public string? SampleDataDir { get; set; }

    /// <summary>The name the sample project gets.</summary>
    [Required]
    public string SampleProjectName { get; set; } = "Sample: product reviews";

    /// <summary>Largest upload accepted, in bytes (default 2 GiB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Hangfire worker count; imports are CPU-bound, so a small number suits a small machine.</summary>
    [Range(1, 64)]
    public int JobWorkers { get; set; } = 2;

    /// <summary>A pairwise or per-annotator number resting on fewer shared items than this is flagged.</summary>
    [Range(1, 100000)]
    public int LowSampleThreshold { get; set; } = 30;

    /// <summary>
    /// Interpretation bands for Krippendorff's alpha and the kappas. Defaults follow Krippendorff (2004, p. 241):
    /// rely on data with alpha ≥ .800, draw tentative conclusions from .667 to .800. They are conventions, not laws.
    /// </summary>
    public AgreementBands Bands { get; set; } = new();

    public string DataDirFullPath => Path.GetFullPath(DataDir);
}

/// <summary>Registers and validates <see cref="QualityOptions"/> at start.</summary>
public static class QualityOptionsSetup
{
    public static IServiceCollection AddQualityOptions(this IServiceCollection services)
    {
        services.AddOptions<QualityOptions>()
            .BindConfiguration(QualityOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}

/// <summary>Thresholds that turn an agreement coefficient into a word; configurable per deployment.</summary>
public sealed class AgreementBands
{
    [Range(-1, 1)]
    public double Reliable { get; set; } = 0.800;

    [Range(-1, 1)]
    public double Tentative { get; set; } = 0.667;

    public string Describe(double? value) => value switch
    {
        null => "undefined",
        var v when v >= Reliable => "reliable",
        var v when v >= Tentative => "tentative",
        _ => "low",
    };
}
