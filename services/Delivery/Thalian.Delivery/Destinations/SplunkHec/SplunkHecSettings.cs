namespace Thalian.Delivery.Destinations.SplunkHec;

/// <param name="Url">The HEC base URL, e.g. https://splunk.example.com:8088 (events go to /services/collector/event).</param>
/// <param name="Index">Leave out for the token's default index.</param>
/// <param name="UseAck">Indexer acknowledgement: a batch counts as delivered only once Splunk acknowledges it.</param>
/// <param name="AckPollSeconds">With acknowledgement: seconds between polls (default 10).</param>
/// <param name="AckPollAttempts">With acknowledgement: polls before the batch is sent again (default 30).</param>
public sealed record SplunkHecSettings(string? Url, string? Index = null, string Source = "thalian", string Sourcetype = SplunkHecDestination.DefaultSourcetype,
    string Host = "thalian", bool UseAck = false, double AckPollSeconds = 10, int AckPollAttempts = 30);
