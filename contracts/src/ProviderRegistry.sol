// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IProviderRegistry} from "./interfaces/IProviderRegistry.sol";
import {Errors} from "./libraries/Errors.sol";
import {Listing} from "./types/Listing.sol";

/// @title ProviderRegistry
/// @notice Sellers register themselves and their GPU listings directly on-chain.
contract ProviderRegistry is IProviderRegistry, AccessControl {
    using SafeERC20 for IERC20;

    // Constants

    /// @notice Dynamic premium bound: at full utilization the price is at most 3× the floor.
    uint16 public constant MAX_SLOPE_BPS = 20_000;
    /// @notice How long unstaked funds stay slashable, so a provider cannot exit ahead of a dispute.
    uint40 public constant UNBONDING_DELAY = 7 days;

    // Storage

    /// @notice The token providers stake (USDC).
    IERC20 public immutable STAKE_TOKEN;
    /// @notice The ComputeRouter, the only caller of reserve / settle / slash / rate.
    address public router;
    uint32 public listingCount;

    mapping(uint32 listingId => Listing.Record) internal _listings;
    mapping(address provider => address payout) internal _payouts;
    mapping(address provider => Stake) internal _stakes;
    mapping(address provider => Reputation) internal _reputations;
    mapping(address token => bool) public tokenAllowed;
    /// @notice Sum of all active and unbonding stake; equals this contract's stake-token balance.
    uint256 public totalStaked;

    constructor(address admin, IERC20 stakeToken) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        STAKE_TOKEN = stakeToken;
        tokenAllowed[address(stakeToken)] = true;
        emit TokenAllowed(address(stakeToken), true);
    }

    modifier onlyRouter() {
        if (msg.sender != router) revert Errors.ProviderRegistry_NotRouter(msg.sender);
        _;
    }

    // Provider functions

    /// @inheritdoc IProviderRegistry
    function registerProvider(address payout, string calldata metadataURI) external {
        // Check:
        if (_payouts[msg.sender] != address(0)) revert Errors.ProviderRegistry_AlreadyRegistered(msg.sender);
        if (payout == address(0)) revert Errors.ProviderRegistry_ZeroPayout();
        // Effect:
        _payouts[msg.sender] = payout;
        emit ProviderRegistered(msg.sender, payout, metadataURI);
    }

    /// @inheritdoc IProviderRegistry
    function updateProvider(address payout, string calldata metadataURI) external {
        _requireProvider();
        if (payout == address(0)) revert Errors.ProviderRegistry_ZeroPayout();
        _payouts[msg.sender] = payout;
        emit ProviderUpdated(msg.sender, payout, metadataURI);
    }

    /// @inheritdoc IProviderRegistry
    function addListing(Listing.Params calldata params) external returns (uint32 listingId) {
        // Check:
        _requireProvider();
        _validate(params);
        // Effect:
        listingId = ++listingCount;
        _listings[listingId] = Listing.Record({
            provider: msg.sender,
            gpuCount: params.gpuCount,
            reservedGpus: 0,
            slopeBps: params.slopeBps,
            pricingModel: params.pricingModel,
            capacity: Listing.Capacity.Available,
            token: params.token,
            price: params.price
        });
        emit ListingAdded(
            listingId,
            msg.sender,
            params.gpuModel,
            params.gpuCount,
            params.vramGb,
            params.region,
            params.availabilityMask,
            params.pricingModel,
            params.token,
            params.price,
            params.slopeBps
        );
    }

    /// @inheritdoc IProviderRegistry
    function updateListing(uint32 listingId, Listing.Params calldata params) external {
        // Check:
        Listing.Record storage listing = _ownedListing(listingId);
        _validate(params);
        if (params.token != listing.token) {
            revert Errors.ProviderRegistry_TokenImmutable(listing.token, params.token);
        }
        if (params.gpuCount < listing.reservedGpus) {
            revert Errors.ProviderRegistry_GpuCountBelowReserved(params.gpuCount, listing.reservedGpus);
        }
        // Effect:
        listing.gpuCount = params.gpuCount;
        listing.slopeBps = params.slopeBps;
        listing.pricingModel = params.pricingModel;
        listing.price = params.price;
        emit ListingUpdated(
            listingId,
            msg.sender,
            params.gpuModel,
            params.gpuCount,
            params.vramGb,
            params.region,
            params.availabilityMask,
            params.pricingModel,
            params.token,
            params.price,
            params.slopeBps
        );
    }

    /// @inheritdoc IProviderRegistry
    function setCapacity(uint32 listingId, Listing.Capacity capacity) external {
        Listing.Record storage listing = _ownedListing(listingId);
        listing.capacity = capacity;
        emit CapacityChanged(listingId, capacity);
    }

    /// @inheritdoc IProviderRegistry
    function stake(uint96 amount) external {
        // Check:
        _requireProvider();
        if (amount == 0) revert Errors.ProviderRegistry_ZeroAmount();
        // Effect:
        Stake storage s = _stakes[msg.sender];
        s.staked += amount;
        totalStaked += amount;
        emit StakeChanged(msg.sender, s.staked, s.unbonding, s.unbondingAvailableAt);
        // Interaction:
        STAKE_TOKEN.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IProviderRegistry
    function requestUnstake(uint96 amount) external {
        Stake storage s = _stakes[msg.sender];
        if (amount == 0) revert Errors.ProviderRegistry_ZeroAmount();
        if (amount > s.staked) revert Errors.ProviderRegistry_InsufficientStake(s.staked, amount);
        s.staked -= amount;
        s.unbonding += amount;
        s.unbondingAvailableAt = uint40(block.timestamp) + UNBONDING_DELAY;
        emit StakeChanged(msg.sender, s.staked, s.unbonding, s.unbondingAvailableAt);
    }

    /// @inheritdoc IProviderRegistry
    function withdrawStake() external {
        // Check:
        Stake storage s = _stakes[msg.sender];
        uint96 amount = s.unbonding;
        if (amount == 0 || block.timestamp < s.unbondingAvailableAt) {
            revert Errors.ProviderRegistry_StakeLocked(s.unbondingAvailableAt);
        }
        // Effect:
        s.unbonding = 0;
        s.unbondingAvailableAt = 0;
        totalStaked -= amount;
        emit StakeChanged(msg.sender, s.staked, 0, 0);
        // Interaction:
        STAKE_TOKEN.safeTransfer(msg.sender, amount);
    }

    // Router functions

    /// @inheritdoc IProviderRegistry
    function reserve(uint32 listingId, uint16 gpus, uint24 hoursBooked)
        external
        onlyRouter
        returns (address provider, address token, uint96 unitPrice, uint96 amount)
    {
        Listing.Record storage listing = _listings[listingId];
        // One read of each slot: the checks and the quote share them.
        Listing.Record memory rec = listing;
        if (rec.provider == address(0)) revert Errors.ProviderRegistry_ListingNotFound(listingId);
        if (rec.capacity != Listing.Capacity.Available) {
            revert Errors.ProviderRegistry_ListingNotAvailable(listingId, rec.capacity);
        }
        // A token governance has disallowed takes no new escrow, even on listings made before.
        if (!tokenAllowed[rec.token]) revert Errors.ProviderRegistry_TokenNotAllowed(rec.token);
        uint16 free = rec.gpuCount - rec.reservedGpus;
        if (gpus > free) revert Errors.ProviderRegistry_InsufficientCapacity(listingId, gpus, free);
        (unitPrice, amount) = _quote(rec, gpus, hoursBooked);
        uint16 reserved = rec.reservedGpus + gpus;
        listing.reservedGpus = reserved;
        emit ReservationChanged(listingId, reserved);
        return (rec.provider, rec.token, unitPrice, amount);
    }

    /// @inheritdoc IProviderRegistry
    function settle(uint32 listingId, uint16 gpus, Outcome outcome, uint64 gpuHours)
        external
        onlyRouter
        returns (address payout, address token)
    {
        Listing.Record storage listing = _listings[listingId];
        address provider = listing.provider;
        // The router only settles GPUs it reserved, so this cannot underflow.
        uint16 reserved = listing.reservedGpus - gpus;
        listing.reservedGpus = reserved;
        emit ReservationChanged(listingId, reserved);

        Reputation storage r = _reputations[provider];
        if (outcome == Outcome.Completed) {
            r.completed += 1;
            r.gpuHoursServed += gpuHours;
        } else if (outcome == Outcome.NoShow) {
            r.noShows += 1;
        } else if (outcome == Outcome.DisputeLost) {
            r.disputesLost += 1;
            r.gpuHoursServed += gpuHours;
        } else {
            r.gpuHoursServed += gpuHours;
        }
        emit ReputationChanged(provider, r);
        // A no-show pays the provider nothing, so its payout address is not read (saves a cold SLOAD).
        return (outcome == Outcome.NoShow ? address(0) : _payouts[provider], listing.token);
    }

    /// @inheritdoc IProviderRegistry
    function slash(address provider, uint96 amount, address to) external onlyRouter returns (uint96 slashed) {
        Stake storage s = _stakes[provider];
        uint96 fromStaked = amount < s.staked ? amount : s.staked;
        uint96 rest = amount - fromStaked;
        uint96 fromUnbonding = rest < s.unbonding ? rest : s.unbonding;
        slashed = fromStaked + fromUnbonding;
        if (slashed == 0) return 0;
        s.staked -= fromStaked;
        s.unbonding -= fromUnbonding;
        // Nothing left unbonding: clear its end too, as withdrawStake does, so no stale date is reported.
        if (s.unbonding == 0) s.unbondingAvailableAt = 0;
        totalStaked -= slashed;
        emit StakeSlashed(provider, slashed, to);
        emit StakeChanged(provider, s.staked, s.unbonding, s.unbondingAvailableAt);
        STAKE_TOKEN.safeTransfer(to, slashed);
    }

    /// @inheritdoc IProviderRegistry
    function rate(address provider, uint8 stars) external onlyRouter {
        if (stars == 0 || stars > 5) revert Errors.ProviderRegistry_InvalidRating(stars);
        Reputation storage r = _reputations[provider];
        r.ratingCount += 1;
        r.ratingSum += stars;
        emit ReputationChanged(provider, r);
    }

    // Governance

    /// @inheritdoc IProviderRegistry
    function setTokenAllowed(address token, bool allowed) external onlyRole(DEFAULT_ADMIN_ROLE) {
        tokenAllowed[token] = allowed;
        emit TokenAllowed(token, allowed);
    }

    /// @inheritdoc IProviderRegistry
    function setRouter(address router_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (router != address(0)) revert Errors.ProviderRegistry_RouterAlreadySet(router);
        if (router_ == address(0)) revert Errors.ProviderRegistry_ZeroRouter();
        router = router_;
        emit RouterSet(router_);
    }

    // Views

    /// @inheritdoc IProviderRegistry
    function quote(uint32 listingId, uint16 gpus, uint24 hoursBooked)
        external
        view
        returns (address token, uint96 unitPrice, uint96 amount)
    {
        Listing.Record memory rec = _listings[listingId];
        if (rec.provider == address(0)) revert Errors.ProviderRegistry_ListingNotFound(listingId);
        (unitPrice, amount) = _quote(rec, gpus, hoursBooked);
        return (rec.token, unitPrice, amount);
    }

    /// @inheritdoc IProviderRegistry
    function getListing(uint32 listingId) external view returns (Listing.Record memory) {
        return _listings[listingId];
    }

    /// @inheritdoc IProviderRegistry
    function payoutOf(address provider) external view returns (address) {
        return _payouts[provider];
    }

    /// @inheritdoc IProviderRegistry
    function stakeOf(address provider) external view returns (Stake memory) {
        return _stakes[provider];
    }

    /// @inheritdoc IProviderRegistry
    function reputationOf(address provider) external view returns (Reputation memory) {
        return _reputations[provider];
    }

    // Internal

    function _requireProvider() internal view {
        if (_payouts[msg.sender] == address(0)) revert Errors.ProviderRegistry_NotProvider(msg.sender);
    }

    function _ownedListing(uint32 listingId) internal view returns (Listing.Record storage listing) {
        listing = _listings[listingId];
        if (listing.provider == address(0)) revert Errors.ProviderRegistry_ListingNotFound(listingId);
        if (listing.provider != msg.sender) {
            revert Errors.ProviderRegistry_NotListingOwner(listingId, msg.sender);
        }
    }

    function _validate(Listing.Params calldata p) internal view {
        if (p.gpuCount == 0) revert Errors.ProviderRegistry_ZeroGpus();
        if (p.price == 0) revert Errors.ProviderRegistry_ZeroPrice();
        if (!tokenAllowed[p.token]) revert Errors.ProviderRegistry_TokenNotAllowed(p.token);
        if (p.availabilityMask == 0) revert Errors.ProviderRegistry_EmptyAvailability();
        uint16 maxSlope = p.pricingModel == Listing.PricingModel.Dynamic ? MAX_SLOPE_BPS : 0;
        if (p.slopeBps > maxSlope) revert Errors.ProviderRegistry_InvalidSlope(p.slopeBps, maxSlope);
    }

    /// @dev Dynamic: unit = floor + floor × slopeBps × utilizationBps / 1e8, with utilization taken before
    /// this job's reservation. Integer math, rounded down; the sdk mirrors it exactly.
    function _quote(Listing.Record memory rec, uint16 gpus, uint24 hoursBooked)
        internal
        pure
        returns (uint96 unitPrice, uint96 amount)
    {
        if (gpus == 0 || hoursBooked == 0) revert Errors.ProviderRegistry_ZeroQuantity();
        uint256 unit = rec.price;
        if (rec.pricingModel == Listing.PricingModel.Dynamic && rec.reservedGpus != 0) {
            uint256 utilizationBps = uint256(rec.reservedGpus) * 10_000 / rec.gpuCount;
            unit += unit * rec.slopeBps * utilizationBps / 1e8;
        }
        uint256 total = unit * gpus * hoursBooked;
        if (total > type(uint96).max) revert Errors.ProviderRegistry_AmountOverflow();
        // Safe: unit ≤ total ≤ uint96 max.
        // forge-lint: disable-next-line(unsafe-typecast)
        return (uint96(unit), uint96(total));
    }
}
