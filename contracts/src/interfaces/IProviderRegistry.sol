// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {Listing} from "../types/Listing.sol";

/// @title IProviderRegistry
/// @notice Providers, their GPU listings, their optional USDC stake and their reputation.
interface IProviderRegistry {
    /// @notice What happened to a job, as far as a provider's reputation is concerned.
    enum Outcome {
        Completed,
        NoShow,
        DisputeLost,
        DisputeSettled
    }

    /// @notice Reputation counters of one provider.
    struct Reputation {
        uint32 completed;
        uint32 noShows;
        uint32 disputesLost;
        uint32 ratingCount;
        uint32 ratingSum;
        uint64 gpuHoursServed;
    }

    /// @notice A provider's stake: the active part and the part waiting out its unbonding delay.
    struct Stake {
        uint96 staked;
        uint96 unbonding;
        uint40 unbondingAvailableAt;
    }

    // Events

    /// @notice Emitted when an account registers as a provider.
    event ProviderRegistered(address indexed provider, address payout, string metadataURI);
    /// @notice Emitted when a provider changes its payout address or metadata.
    event ProviderUpdated(address indexed provider, address payout, string metadataURI);
    /// @notice Emitted when a listing is added; carries the whole listing.
    event ListingAdded(
        uint32 indexed listingId,
        address indexed provider,
        bytes16 gpuModel,
        uint16 gpuCount,
        uint16 vramGb,
        bytes2 region,
        uint168 availabilityMask,
        Listing.PricingModel pricingModel,
        address token,
        uint96 price,
        uint16 slopeBps
    );
    /// @notice Emitted when a listing's terms change; carries the whole listing.
    event ListingUpdated(
        uint32 indexed listingId,
        address indexed provider,
        bytes16 gpuModel,
        uint16 gpuCount,
        uint16 vramGb,
        bytes2 region,
        uint168 availabilityMask,
        Listing.PricingModel pricingModel,
        address token,
        uint96 price,
        uint16 slopeBps
    );
    /// @notice Emitted when a provider toggles a listing's capacity.
    event CapacityChanged(uint32 indexed listingId, Listing.Capacity capacity);
    /// @notice Emitted when the router reserves or frees GPUs of a listing.
    event ReservationChanged(uint32 indexed listingId, uint16 reservedGpus);
    /// @notice Emitted on every stake change with the resulting state.
    event StakeChanged(
        address indexed provider, uint96 staked, uint96 unbonding, uint40 unbondingAvailableAt
    );
    /// @notice Emitted when a resolved dispute slashes stake.
    event StakeSlashed(address indexed provider, uint96 amount, address indexed to);
    /// @notice Emitted on every reputation change with the resulting counters.
    event ReputationChanged(address indexed provider, Reputation reputation);
    /// @notice Emitted when governance allows or disallows a settlement token.
    event TokenAllowed(address indexed token, bool allowed);
    /// @notice Emitted once, when the router contract is wired in.
    event RouterSet(address indexed router);

    // Provider functions

    /// @notice Registers the caller as a provider.
    /// @dev Emits a {ProviderRegistered} event.
    /// Requirements: not registered yet; `payout` is not the zero address.
    /// @param payout Where job earnings are paid.
    /// @param metadataURI Off-chain description (name, website, contact).
    function registerProvider(address payout, string calldata metadataURI) external;

    /// @notice Changes the caller's payout address and metadata.
    /// @dev Emits a {ProviderUpdated} event. Requirements: registered; non-zero payout.
    function updateProvider(address payout, string calldata metadataURI) external;

    /// @notice Adds a listing for the caller.
    /// @dev Emits a {ListingAdded} event.
    /// Requirements: registered provider; gpuCount > 0; price > 0; allowed token; non-empty availability;
    /// slope within `MAX_SLOPE_BPS` and zero unless Dynamic.
    /// @return listingId The new listing's id (starting at 1).
    function addListing(Listing.Params calldata params) external returns (uint32 listingId);

    /// @notice Replaces a listing's terms. The settlement token cannot change.
    /// @dev Emits a {ListingUpdated} event. Requirements: as {addListing}, the caller owns the listing,
    /// and gpuCount is not below the GPUs reserved by running jobs.
    function updateListing(uint32 listingId, Listing.Params calldata params) external;

    /// @notice Toggles whether a listing takes new jobs. Running jobs are unaffected.
    /// @dev Emits a {CapacityChanged} event. Requirements: the caller owns the listing.
    function setCapacity(uint32 listingId, Listing.Capacity capacity) external;

    /// @notice Stakes `amount` of the stake token (USDC) from the caller.
    /// @dev Emits a {StakeChanged} event. Requirements: registered; amount > 0; approval.
    function stake(uint96 amount) external;

    /// @notice Starts unbonding `amount` of stake; it stays slashable until withdrawn.
    /// @dev Emits a {StakeChanged} event. Adding to an unbonding amount restarts the delay.
    /// Requirements: amount > 0 and ≤ staked.
    function requestUnstake(uint96 amount) external;

    /// @notice Withdraws the unbonded stake after the delay.
    /// @dev Emits a {StakeChanged} event. Requirements: something unbonding; the delay has passed.
    function withdrawStake() external;

    // Router functions

    /// @notice Reserves `gpus` of a listing for a job and returns the exact escrow.
    /// @dev Emits a {ReservationChanged} event. Only the router.
    /// Requirements: the listing exists, is Available, its token is still allowed and it has `gpus` free;
    /// gpus, hours > 0.
    /// @return provider The listing's provider.
    /// @return token The token to escrow.
    /// @return unitPrice Token units per GPU-hour at the current utilization.
    /// @return amount unitPrice × gpus × hours.
    function reserve(uint32 listingId, uint16 gpus, uint24 hoursBooked)
        external
        returns (address provider, address token, uint96 unitPrice, uint96 amount);

    /// @notice Frees a job's GPUs and records its outcome in the provider's reputation.
    /// @dev Emits {ReservationChanged} and {ReputationChanged}. Only the router.
    /// @return payout The provider's payout address (zero for a no-show, which pays the provider nothing).
    /// @return token The listing's token.
    function settle(uint32 listingId, uint16 gpus, Outcome outcome, uint64 gpuHours)
        external
        returns (address payout, address token);

    /// @notice Slashes up to `amount` of a provider's stake (active first, then unbonding) to `to`.
    /// @dev Emits {StakeSlashed} and {StakeChanged}. Only the router, only from a resolved dispute.
    /// @return slashed What was actually slashed (at most the stake).
    function slash(address provider, uint96 amount, address to) external returns (uint96 slashed);

    /// @notice Records a 1–5 rating for a provider.
    /// @dev Emits {ReputationChanged}. Only the router, once per finished job.
    function rate(address provider, uint8 stars) external;

    // Governance

    /// @notice Allows or disallows a settlement token. Only the admin.
    /// @dev Emits a {TokenAllowed} event.
    function setTokenAllowed(address token, bool allowed) external;

    /// @notice Wires in the router contract, once; not the zero address. Only the admin.
    /// @dev Emits a {RouterSet} event.
    function setRouter(address router) external;

    // Views

    /// @notice The token providers stake (USDC); slashed stake is paid in it.
    function STAKE_TOKEN() external view returns (IERC20);

    /// @notice The exact escrow for `gpus` × `hoursBooked` on a listing at its current utilization.
    /// @return token The token to escrow. @return unitPrice Per GPU-hour. @return amount The total.
    function quote(uint32 listingId, uint16 gpus, uint24 hoursBooked)
        external
        view
        returns (address token, uint96 unitPrice, uint96 amount);

    /// @notice The stored part of a listing.
    function getListing(uint32 listingId) external view returns (Listing.Record memory);

    /// @notice A provider's payout address (zero when not registered).
    function payoutOf(address provider) external view returns (address);

    /// @notice A provider's stake.
    function stakeOf(address provider) external view returns (Stake memory);

    /// @notice A provider's reputation counters.
    function reputationOf(address provider) external view returns (Reputation memory);
}
