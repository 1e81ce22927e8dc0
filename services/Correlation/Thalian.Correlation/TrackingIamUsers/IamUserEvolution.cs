namespace Thalian.Correlation.TrackingIamUsers;

/// <summary>The same fold Marten runs, for computing the state right after a decision (read model, link evaluation).</summary>
public static class IamUserEvolution
{
    public static IamUser? Evolve(IamUser? state, object e) => e switch
    {
        IamUserCreated c => IamUser.Create(c),
        _ when state is null => null,
        IamUserReappeared x => state.Apply(x),
        IamUserRenamed x => state.Apply(x),
        IamUserTagsChanged x => state.Apply(x),
        GroupMembershipChanged x => state.Apply(x),
        PoliciesChanged x => state.Apply(x),
        ConsolePasswordEnabled x => state.Apply(x),
        ConsolePasswordRemoved x => state.Apply(x),
        ConsolePasswordUsed x => state.Apply(x),
        ConsolePasswordChanged x => state.Apply(x),
        AccessKeyCreated x => state.Apply(x),
        AccessKeyDeactivated x => state.Apply(x),
        AccessKeyReactivated x => state.Apply(x),
        AccessKeyRotated x => state.Apply(x),
        AccessKeyUsed x => state.Apply(x),
        CredentialReportRowChanged x => state.Apply(x),
        MfaDeviceEnrolled x => state.Apply(x),
        MfaDeviceRemoved x => state.Apply(x),
        AccessKeyMetadataChanged x => state.Apply(x),
        IamUserDetailsChanged x => state.Apply(x),
        IamUserDeleted x => state.Apply(x),
        ExplicitIdpMappingSet x => state.Apply(x),
        ExplicitIdpMappingCleared x => state.Apply(x),
        IamUserLinkedToIdpAccount x => state.Apply(x),
        IamUserMatchAmbiguous x => state.Apply(x),
        IamUserUnlinked x => state.Apply(x),
        IamUserMatchStateChanged x => state.Apply(x),
        LinkedIdpAccountChanged x => state.Apply(x),
        _ => throw new ArgumentException($"Not an IAM user event: {e.GetType().Name}", nameof(e)),
    };

    public static IamUser? Fold(IamUser? state, IEnumerable<object> events) => events.Aggregate(state, Evolve);
}
