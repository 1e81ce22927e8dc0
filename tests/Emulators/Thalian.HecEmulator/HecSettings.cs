namespace Thalian.HecEmulator;

/// <summary>
/// How the emulated HEC input is configured, as a Splunk admin would configure a token: the token value, whether it is
/// disabled, whether indexer acknowledgement is on, which indexes it may write (the first is its default index).
/// </summary>
public sealed record HecSettings
{
    public string Token { get; init; } = "00000000-0000-0000-0000-000000000000";
    public bool TokenDisabled { get; init; }
    public bool AcknowledgementEnabled { get; init; }
    public IReadOnlyList<string> Indexes { get; init; } = ["main"];

    public static HecSettings From(IConfiguration configuration) => new()
    {
        Token = configuration["token"] ?? new HecSettings().Token,
        TokenDisabled = configuration.GetValue<bool>("token-disabled"),
        AcknowledgementEnabled = configuration.GetValue<bool>("ack"),
        Indexes = configuration["indexes"]?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? ["main"],
    };
}
