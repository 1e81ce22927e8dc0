namespace Thalian.Correlation.Identifying;

/// <summary>Every domain event says when the source showed the change and in which sync run (null for API actions).</summary>
public interface IObservedEvent
{
    DateTimeOffset ObservedAt { get; }
    Guid? SyncRunId { get; }
}

/// <summary>Marks the events of one aggregate kind, so the publisher knows which stream it is looking at.</summary>
public interface IIamUserEvent : IObservedEvent;

public interface IIamRoleEvent : IObservedEvent;

public interface IAwsAccountEvent : IObservedEvent;

public interface IIdpAccountEvent : IObservedEvent;

/// <summary>A stream's aggregate: its id and the stream version Marten stamps on the snapshot.</summary>
public interface IStreamState
{
    Guid Id { get; }
    long Version { get; }
}
