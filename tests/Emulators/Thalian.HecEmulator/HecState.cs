namespace Thalian.HecEmulator;

/// <summary>Switches a test flips to make the receiver misbehave; all off by default.</summary>
public sealed record HecFaults
{
    /// <summary>How many of the next event requests answer "Server is busy" (code 9); -1 = until switched off.</summary>
    public int Busy { get; init; }
    /// <summary>503 as Splunk answers by default, or 429 when the server is set so.</summary>
    public int BusyStatus { get; init; } = 503;
    /// <summary>Accept requests (200 with an ackId) but lose them before indexing: their acks never turn true.</summary>
    public bool DropAcks { get; init; }
}

public sealed record ServedRequest(string Path, int Status, int Code, int Events, string? Channel, DateTimeOffset At);

/// <summary>What the receiver indexed, its channels' pending acks, the fault switches and a log of served requests.</summary>
public sealed class HecState(HecSettings settings)
{
    private readonly Lock gate = new();
    private readonly List<IndexedEvent> indexed = [];
    private readonly List<ServedRequest> served = [];
    private readonly Dictionary<string, Channel> channels = new(StringComparer.OrdinalIgnoreCase);

    public HecSettings Settings { get; private set; } = settings;
    public HecFaults Faults { get; private set; } = new();

    public IReadOnlyList<IndexedEvent> Indexed { get { lock (gate) { return indexed.ToArray(); } } }
    public IReadOnlyList<ServedRequest> Served { get { lock (gate) { return served.ToArray(); } } }

    public void Configure(HecSettings value) { lock (gate) { Settings = value; } }

    public void SetFaults(HecFaults value) { lock (gate) { Faults = value; } }

    public void Clear()
    {
        lock (gate)
        {
            indexed.Clear();
            served.Clear();
            channels.Clear();
        }
    }

    /// <summary>Counts one busy answer off the switch; true when this request is to be refused as busy.</summary>
    public bool TakeBusy()
    {
        lock (gate)
        {
            if (Faults.Busy == 0)
            {
                return false;
            }
            if (Faults.Busy > 0)
            {
                Faults = Faults with { Busy = Faults.Busy - 1 };
            }
            return true;
        }
    }

    /// <summary>Indexes the events (unless acks are being dropped) and, on an acknowledged channel, hands out its next ackId.</summary>
    public long? Accept(IReadOnlyList<IndexedEvent> events, string? channel)
    {
        lock (gate)
        {
            var lost = Faults.DropAcks && channel is not null;
            if (!lost)
            {
                indexed.AddRange(events);
            }
            if (channel is null)
            {
                return null;
            }
            var state = channels.TryGetValue(channel, out var existing) ? existing : channels[channel] = new Channel();
            var ackId = state.NextAckId++;
            if (!lost)
            {
                state.Indexed.Add(ackId);
            }
            return ackId;
        }
    }

    /// <summary>An indexed ack answers true once and is then released, as Splunk does; unknown or lost ones answer false.</summary>
    public IReadOnlyDictionary<string, bool> Query(string channel, IEnumerable<long> ackIds)
    {
        lock (gate)
        {
            var state = channels.GetValueOrDefault(channel);
            return ackIds.Distinct().ToDictionary(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture), id => state?.Indexed.Remove(id) ?? false);
        }
    }

    public void Record(ServedRequest request) { lock (gate) { served.Add(request); } }

    private sealed class Channel
    {
        public long NextAckId { get; set; }
        public HashSet<long> Indexed { get; } = [];
    }
}
