// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IProviderRegistry} from "../../../src/interfaces/IProviderRegistry.sol";
import {ProviderRegistry} from "../../../src/ProviderRegistry.sol";
import {Listing} from "../../../src/types/Listing.sol";
import {EscrowStore} from "../stores/EscrowStore.sol";
import {BaseHandler} from "./BaseHandler.sol";

/// @notice Drives the provider side of the registry: stake, unbonding, capacity and listing updates.
contract ProviderRegistryHandler is BaseHandler {
    ProviderRegistry public immutable REGISTRY;
    IERC20 public immutable USDC;

    uint96 internal constant MAX_STAKE = 100_000e6;
    bytes16 internal constant GPU_MODEL = "h100-sxm";
    bytes2 internal constant REGION = "DE";
    uint8 internal constant ACTIVE = 0;
    uint8 internal constant UNBONDING = 1;
    uint8 internal constant UNBONDED = 2;

    constructor(EscrowStore store, ProviderRegistry registry) BaseHandler(store) {
        REGISTRY = registry;
        USDC = registry.STAKE_TOKEN();
    }

    function stake(uint256 providerSeed, uint256 amountSeed) external instrument("stake") {
        address provider = _provider(providerSeed);
        uint96 amount = uint96(_bound(amountSeed, 1, MAX_STAKE));
        vm.prank(provider);
        try REGISTRY.stake(amount) {
            STORE.recordStake(amount);
            _ok();
        } catch (bytes memory reason) {
            _bubble(reason);
        }
    }

    function requestUnstake(uint256 providerSeed, uint256 amountSeed) external instrument("requestUnstake") {
        (bool found, address provider) = _providerWith(providerSeed, ACTIVE);
        if (!found) {
            _skip();
            return;
        }
        uint96 staked = REGISTRY.stakeOf(provider).staked;
        // One call in eight asks for more than is staked, which must fail.
        uint96 amount =
            _oneIn(amountSeed, 8) ? staked + 1 : uint96(_bound(amountSeed, 1, staked == 0 ? 1 : staked));
        vm.prank(provider);
        try REGISTRY.requestUnstake(amount) {
            _ok();
        } catch (bytes memory reason) {
            _bubble(reason);
        }
    }

    /// @dev Mostly a provider whose unbonding delay has passed; one in four any provider with unbonding
    /// stake, which the registry must refuse before the delay.
    function withdrawStake(uint256 providerSeed) external instrument("withdrawStake") {
        (bool found, address provider) =
            _providerWith(providerSeed, _oneIn(providerSeed, 4) ? UNBONDING : UNBONDED);
        if (!found) {
            _skip();
            return;
        }
        IProviderRegistry.Stake memory s = REGISTRY.stakeOf(provider);
        uint256 before = USDC.balanceOf(provider);
        vm.prank(provider);
        try REGISTRY.withdrawStake() {
            if (block.timestamp < s.unbondingAvailableAt) {
                STORE.report("stake", "stake withdrawn before the unbonding delay");
            }
            if (USDC.balanceOf(provider) - before != s.unbonding) {
                STORE.report("stake", "withdrawStake paid other than the unbonding amount");
            }
            STORE.recordStakeWithdrawn(s.unbonding);
            _ok();
        } catch (bytes memory reason) {
            _bubble(reason);
        }
    }

    function setCapacity(uint256 listingSeed, uint256 capacitySeed) external instrument("setCapacity") {
        uint32 listingId = _listing(listingSeed);
        // Mostly Available, so that jobs keep flowing.
        uint256 pick = _roll(capacitySeed, 6);
        Listing.Capacity capacity = pick == 0
            ? Listing.Capacity.Offline
            : pick == 1 ? Listing.Capacity.Reserved : Listing.Capacity.Available;
        vm.prank(REGISTRY.getListing(listingId).provider);
        try REGISTRY.setCapacity(listingId, capacity) {
            _ok();
        } catch (bytes memory reason) {
            _bubble(reason);
        }
    }

    function updateListing(uint256 listingSeed, uint256 gpuSeed, uint256 priceSeed, uint256 slopeSeed)
        external
        instrument("updateListing")
    {
        uint32 listingId = _listing(listingSeed);
        Listing.Record memory l = REGISTRY.getListing(listingId);
        uint16 minGpus = l.reservedGpus == 0 ? 1 : l.reservedGpus;
        // One call in eight goes below the reservation, which must fail.
        uint16 gpuCount = _oneIn(gpuSeed, 8) && l.reservedGpus > 1
            ? l.reservedGpus - 1
            : uint16(_bound(gpuSeed, minGpus, 32));
        // Keep each listing's pricing model and scale: a token listing stays in whole AKT-like units.
        uint96 price = l.pricingModel == Listing.PricingModel.Token
            ? uint96(_bound(priceSeed, 1e17, 1e19))
            : uint96(_bound(priceSeed, 1e5, 1e7));
        uint16 slopeBps =
            l.pricingModel == Listing.PricingModel.Dynamic ? uint16(_bound(slopeSeed, 0, 20_000)) : 0;
        Listing.Params memory params = Listing.Params({
            gpuModel: GPU_MODEL,
            gpuCount: gpuCount,
            vramGb: 80,
            region: REGION,
            availabilityMask: type(uint168).max,
            pricingModel: l.pricingModel,
            token: l.token,
            price: price,
            slopeBps: slopeBps
        });
        vm.prank(l.provider);
        try REGISTRY.updateListing(listingId, params) {
            if (gpuCount < l.reservedGpus) STORE.report("reserved", "gpuCount set below the reservation");
            _ok();
        } catch (bytes memory reason) {
            _bubble(reason);
        }
    }

    function _provider(uint256 seed) internal view returns (address) {
        return STORE.providers(seed % STORE.providerCount());
    }

    /// @dev A provider with active stake, unbonding stake, or unbonding stake past its delay, searched from
    /// the seed.
    function _providerWith(uint256 seed, uint8 kind) internal view returns (bool, address) {
        uint256 n = STORE.providerCount();
        for (uint256 i; i < n; ++i) {
            address provider = STORE.providers((seed + i) % n);
            IProviderRegistry.Stake memory s = REGISTRY.stakeOf(provider);
            bool fits = kind == ACTIVE
                ? s.staked != 0
                : s.unbonding != 0 && (kind == UNBONDING || block.timestamp >= s.unbondingAvailableAt);
            if (fits) return (true, provider);
        }
        return (false, address(0));
    }

    function _listing(uint256 seed) internal view returns (uint32) {
        return STORE.listings(seed % STORE.listingCount());
    }
}
