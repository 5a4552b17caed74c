// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice A provider's GPU listing as `ProviderRegistry` keeps it.
library Listing {
    enum PricingModel {
        /// `price` token units per GPU-hour.
        Fixed,
        /// `price` is the floor; the premium grows linearly with utilization up to `slopeBps` of the floor.
        Dynamic,
        /// `price` units of a named ERC-20 per GPU-hour.
        Token
    }

    enum Capacity {
        Available,
        Reserved,
        Offline
    }

    /// @dev Only what the router enforces is stored (two slots); the descriptive fields (GPU model,
    /// VRAM, region, availability mask, metadata) travel in events.
    struct Record {
        // slot 0
        address provider;
        uint16 gpuCount;
        uint16 reservedGpus;
        uint16 slopeBps;
        PricingModel pricingModel;
        Capacity capacity;
        // slot 1
        address token;
        /// Token units per GPU-hour (the floor for Dynamic).
        uint96 price;
    }

    /// @notice What a provider submits to add or update a listing.
    struct Params {
        /// Canonical GPU model id from the sdk catalog as a short string (`"h100-sxm"`).
        bytes16 gpuModel;
        uint16 gpuCount;
        /// VRAM per GPU in GB.
        uint16 vramGb;
        /// ISO 3166-1 alpha-2 country code (`"DE"`).
        bytes2 region;
        /// Bit i set = available in hour i of the week (Monday 00:00 UTC = bit 0).
        uint168 availabilityMask;
        PricingModel pricingModel;
        /// ERC-20 the listing settles in (must be allowed by governance).
        address token;
        uint96 price;
        /// Dynamic only: premium at full utilization in basis points of the floor.
        uint16 slopeBps;
    }
}
