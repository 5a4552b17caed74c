// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Job} from "../types/Job.sol";
import {Listing} from "../types/Listing.sol";

/// @notice Every custom error of the Necto contracts, grouped by contract, with the values that explain it.
library Errors {
    // ProviderRegistry

    /// @dev The caller has not registered as a provider.
    error ProviderRegistry_NotProvider(address caller);
    /// @dev `registerProvider` was called twice by the same account.
    error ProviderRegistry_AlreadyRegistered(address provider);
    /// @dev Payouts to the zero address would burn earnings.
    error ProviderRegistry_ZeroPayout();
    /// @dev No listing with this id exists.
    error ProviderRegistry_ListingNotFound(uint32 listingId);
    /// @dev The caller is not the provider that owns the listing.
    error ProviderRegistry_NotListingOwner(uint32 listingId, address caller);
    /// @dev A listing needs at least one GPU.
    error ProviderRegistry_ZeroGpus();
    /// @dev A listing needs a non-zero price (or floor).
    error ProviderRegistry_ZeroPrice();
    /// @dev The token is not on the governance allowlist.
    error ProviderRegistry_TokenNotAllowed(address token);
    /// @dev A listing's settlement token is fixed at creation (escrows in flight depend on it).
    error ProviderRegistry_TokenImmutable(address current, address requested);
    /// @dev Dynamic pricing slope above the bound, or a slope on a non-dynamic listing.
    error ProviderRegistry_InvalidSlope(uint16 slopeBps, uint16 maxSlopeBps);
    /// @dev No availability hours at all.
    error ProviderRegistry_EmptyAvailability();
    /// @dev Fewer GPUs than are reserved by running jobs.
    error ProviderRegistry_GpuCountBelowReserved(uint16 gpuCount, uint16 reservedGpus);
    /// @dev The listing is not open for new jobs.
    error ProviderRegistry_ListingNotAvailable(uint32 listingId, Listing.Capacity capacity);
    /// @dev Not enough free GPUs on the listing.
    error ProviderRegistry_InsufficientCapacity(uint32 listingId, uint16 requested, uint16 free);
    /// @dev A job needs at least one GPU and one hour.
    error ProviderRegistry_ZeroQuantity();
    /// @dev The quote does not fit the escrow's 96-bit amount.
    error ProviderRegistry_AmountOverflow();
    /// @dev Only the router contract may call this.
    error ProviderRegistry_NotRouter(address caller);
    /// @dev The router is set once, at deployment.
    error ProviderRegistry_RouterAlreadySet(address router);
    /// @dev A zero router would leave the registry unwired and the one-time setter still open.
    error ProviderRegistry_ZeroRouter();
    /// @dev Zero amount for stake operations.
    error ProviderRegistry_ZeroAmount();
    /// @dev Unstaking more than is staked.
    error ProviderRegistry_InsufficientStake(uint96 staked, uint96 requested);
    /// @dev Nothing is unbonding, or the unbonding delay has not passed.
    error ProviderRegistry_StakeLocked(uint40 availableAt);
    /// @dev A rating is 1 to 5 stars.
    error ProviderRegistry_InvalidRating(uint8 stars);

    // ComputeRouter

    /// @dev A job with this root hash already exists (each decision routes one job).
    error ComputeRouter_JobExists(bytes32 jobId);
    /// @dev No job with this id.
    error ComputeRouter_JobNotFound(bytes32 jobId);
    /// @dev The job is not in a state that allows this call.
    error ComputeRouter_InvalidStatus(bytes32 jobId, Job.Status status);
    /// @dev The attestation's expiry has passed.
    error ComputeRouter_AttestationExpired(uint64 expiry, uint256 nowSeconds);
    /// @dev The attestation was not signed by an authorized router key.
    error ComputeRouter_InvalidAttestation(address signer);
    /// @dev Tracked jobs must name the caller as client.
    error ComputeRouter_ClientMismatch(bytes20 client, address caller);
    /// @dev The caller is not the job's client (or presented the wrong salt).
    error ComputeRouter_NotClient(bytes32 jobId, address caller);
    /// @dev The caller is not the provider of the job's listing.
    error ComputeRouter_NotProvider(bytes32 jobId, address caller);
    /// @dev The listing's current price is above what the decision attested.
    error ComputeRouter_PriceAboveAttested(uint96 unitPrice, uint96 maxUnitPrice);
    /// @dev A job needs at least one GPU, one hour and a non-empty log.
    error ComputeRouter_InvalidTerms();
    /// @dev Team jobs are always Tracked.
    error ComputeRouter_TeamJobUntracked(uint64 team);
    /// @dev The caller may not submit jobs for this team.
    error ComputeRouter_NotTeamUser(uint64 team, address caller);
    /// @dev The team has a provider whitelist and this provider is not on it.
    error ComputeRouter_ProviderNotWhitelisted(uint64 team, bytes32 providerKey);
    /// @dev More hours used than booked.
    error ComputeRouter_HoursExceedBooked(uint24 hoursUsed, uint24 hoursBooked);
    /// @dev Too early: the deadline has not passed (refund, release by anyone, arbiter fallback).
    error ComputeRouter_DeadlineNotReached(bytes32 jobId, uint40 deadline);
    /// @dev Too late: the window for this call has closed.
    error ComputeRouter_DeadlinePassed(bytes32 jobId, uint40 deadline);
    /// @dev The arbiter's split must sum to the escrow.
    error ComputeRouter_SplitMismatch(uint96 providerAmount, uint96 clientAmount, uint96 escrow);
    /// @dev The job was already rated.
    error ComputeRouter_AlreadyRated(bytes32 jobId);
    /// @dev Protocol fee above the cap.
    error ComputeRouter_FeeTooHigh(uint16 feeBps, uint16 maxFeeBps);
    /// @dev A zero address where an account is required.
    error ComputeRouter_ZeroAddress();
    /// @dev Nothing to withdraw.
    error ComputeRouter_NothingOwed();
    /// @dev External jobs move to Started, Completed or Cancelled only.
    error ComputeRouter_InvalidExternalStatus(Job.Status status);

    // TeamRegistry

    /// @dev No team with this id.
    error TeamRegistry_TeamNotFound(uint64 teamId);
    /// @dev The caller is not an Admin of the team.
    error TeamRegistry_NotAdmin(uint64 teamId, address caller);
    /// @dev Roles outside Admin | Viewer | User.
    error TeamRegistry_InvalidRoles(uint8 roles);
    /// @dev A team must keep at least one Admin.
    error TeamRegistry_LastAdmin(uint64 teamId, address account);
    /// @dev The account is not a member.
    error TeamRegistry_NotMember(uint64 teamId, address account);
    /// @dev Zero address as a member.
    error TeamRegistry_ZeroAddress();
}
